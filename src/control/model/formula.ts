// The `operational_status` formula of an application (RULE-60..63): compiled once from its
// Python-expression text, then evaluated against the application's processes each time their
// states change. Grammar: `or` < `and` < `not` < parentheses / `any(x)` / `all(x)` with exactly
// one argument, operands are quoted strings. An operand is a process name, else a pattern that
// must match whole process names: one match gives one boolean, several give a list, which only
// `any` and `all` may take.
//
//   const formula = compileFormula(`"db" and any("cache_.*")`);
//   formula.evaluate(["db", "cache_00", "cache_01"], (name) => running.has(name)); // → boolean

import { FormulaError, type Token, position, tokenize } from "./formula-lexer.ts";

export { FormulaError };

type Node =
  /** `pattern`: the operand read as a regex, compiled on first need and kept (or why it is not one). */
  | { kind: "operand"; value: string; offset: number; pattern?: RegExp | FormulaError }
  | { kind: "not"; operand: Node }
  | { kind: "and" | "or"; operands: Node[] }
  | { kind: "call"; fn: "any" | "all"; argument: Node };

export interface OperationalFormula {
  /** The formula as written in the rules file. */
  text: string;
  /**
   * The formula's value for processes named `processNames`, each worth `valueOf(name)` (RULE-62).
   * Throws FormulaError when an operand matches no process, or gives a list outside any/all.
   */
  evaluate(processNames: string[], valueOf: (name: string) => boolean): boolean;
}

/** Recursive-descent parser over the tokens of one formula. */
class Parser {
  #tokens: Token[];
  #at = 0;

  constructor(
    readonly source: string,
    tokens: Token[],
  ) {
    this.#tokens = tokens;
  }

  /** A method, not a getter: TypeScript would otherwise keep a narrowed kind across `#at++`. */
  #current(): Token {
    return this.#tokens[this.#at] as Token;
  }

  #fail(token: Token, what: string, hint = ""): never {
    throw new FormulaError(`${what} ${position(this.source, token.offset)}${hint}`);
  }

  #unexpected(token: Token, expected: string): never {
    const found = token.kind === "end" ? "end of formula" : token.kind === "newline" ? "end of line" : `"${token.text}"`;
    this.#fail(token, `expected ${expected}, found ${found}`);
  }

  #isWord(word: string): boolean {
    return this.#current().kind === "name" && this.#current().text === word;
  }

  /** The whole formula: blank lines around one expression, nothing else. */
  parseFormula(): Node {
    while (this.#current().kind === "newline") this.#at++;
    if (this.#current().kind === "end") this.#fail(this.#current(), "empty formula");
    const node = this.#parseOr();
    while (this.#current().kind === "newline") this.#at++;
    if (this.#current().kind !== "end") {
      const previous = this.#tokens[this.#at - 1] as Token;
      if (previous.kind === "newline") this.#fail(this.#current(), "a formula is one expression, a second one starts");
      this.#unexpected(this.#current(), '"and", "or" or the end of the formula');
    }
    return node;
  }

  #parseOr(): Node {
    const operands = [this.#parseAnd()];
    while (this.#isWord("or")) {
      this.#at++;
      operands.push(this.#parseAnd());
    }
    return operands.length === 1 ? (operands[0] as Node) : { kind: "or", operands };
  }

  #parseAnd(): Node {
    const operands = [this.#parseNot()];
    while (this.#isWord("and")) {
      this.#at++;
      operands.push(this.#parseNot());
    }
    return operands.length === 1 ? (operands[0] as Node) : { kind: "and", operands };
  }

  #parseNot(): Node {
    if (this.#isWord("not")) {
      this.#at++;
      return { kind: "not", operand: this.#parseNot() };
    }
    return this.#parseAtom();
  }

  #parseAtom(): Node {
    const token = this.#current();
    if (token.kind === "string") {
      // Adjacent literals are one string in Python ("cache_" "\d+").
      let value = "";
      while (this.#current().kind === "string") {
        value += this.#current().text;
        this.#at++;
      }
      return { kind: "operand", value, offset: token.offset };
    }
    if (token.kind === "(") {
      this.#at++;
      const inner = this.#parseOr();
      this.#expect(")", '")"');
      return inner;
    }
    if (token.kind === "name" && !["and", "or", "not"].includes(token.text)) {
      const next = this.#tokens[this.#at + 1] as Token;
      if (next.kind !== "(") {
        this.#fail(token, `unexpected name "${token.text}"`, ": operands are quoted process names or patterns");
      }
      if (token.text !== "any" && token.text !== "all") {
        this.#fail(token, `unsupported function "${token.text}"`, ": only any() and all() are allowed");
      }
      return this.#parseCall(token);
    }
    this.#unexpected(token, 'a quoted string, "not", "(", "any(" or "all("');
  }

  /** `any(x)` / `all(x)`: one argument, an optional trailing comma as Python allows. */
  #parseCall(name: Token): Node {
    this.#at += 2;
    if (this.#current().kind === ")") this.#fail(name, `${name.text}()`, " takes exactly one argument, none given");
    const argument = this.#parseOr();
    if (this.#current().kind === "," && (this.#tokens[this.#at + 1] as Token).kind === ")") this.#at++;
    if (this.#current().kind === ",") this.#fail(name, `${name.text}()`, " takes exactly one argument, several given");
    this.#expect(")", '")"');
    return { kind: "call", fn: name.text as "any" | "all", argument };
  }

  #expect(kind: Token["kind"], label: string): void {
    if (this.#current().kind !== kind) this.#unexpected(this.#current(), label);
    this.#at++;
  }
}

/** Python-only regex syntax turned into its JavaScript form (named groups). */
function pythonPattern(pattern: string): string {
  return pattern.replace(/\(\?P</g, "(?<").replace(/\(\?P=(\w+)\)/g, "\\k<$1>");
}

/** Evaluates one node: a boolean, or a list of booleans for a pattern matching several processes. */
function evaluateNode(node: Node, source: string, names: string[], valueOf: (name: string) => boolean): boolean | boolean[] {
  switch (node.kind) {
    case "operand": {
      if (names.includes(node.value)) return valueOf(node.value);
      if (node.pattern === undefined) {
        try {
          node.pattern = new RegExp(`^(?:${pythonPattern(node.value)})$`);
        } catch (error) {
          const why = (error as Error).message;
          node.pattern = new FormulaError(`"${node.value}" ${position(source, node.offset)} is not a valid pattern: ${why}`);
        }
      }
      const pattern = node.pattern;
      if (pattern instanceof FormulaError) throw new FormulaError(pattern.message);
      const matches = names.filter((name) => pattern.test(name));
      if (matches.length === 0) {
        throw new FormulaError(`no process of the application matches "${node.value}" ${position(source, node.offset)}`);
      }
      return matches.length === 1 ? valueOf(matches[0] as string) : matches.map((name) => valueOf(name));
    }
    case "call": {
      const value = evaluateNode(node.argument, source, names, valueOf);
      const list = typeof value === "boolean" ? [value] : value;
      return node.fn === "any" ? list.some(Boolean) : list.every(Boolean);
    }
    case "not":
      return !single(evaluateNode(node.operand, source, names, valueOf), node.operand, source);
    case "and":
    case "or": {
      // Every operand is evaluated, as Supvisors does, so a bad operand is reported whatever the others give.
      const values = node.operands.map((operand) => single(evaluateNode(operand, source, names, valueOf), operand, source));
      return node.kind === "and" ? values.every(Boolean) : values.some(Boolean);
    }
  }
}

/** The first operand of a node, to say where a list-valued expression came from. */
function offsetOf(node: Node): number {
  switch (node.kind) {
    case "operand":
      return node.offset;
    case "not":
    case "call":
      return offsetOf(node.kind === "not" ? node.operand : node.argument);
    default:
      return offsetOf(node.operands[0] as Node);
  }
}

function single(value: boolean | boolean[], node: Node, source: string): boolean {
  if (typeof value === "boolean") return value;
  throw new FormulaError(
    `the operand ${position(source, offsetOf(node))} matches ${value.length} processes: use it inside any() or all()`,
  );
}

/** Compiles `text`; throws FormulaError naming what is wrong and its column (RULE-60). */
export function compileFormula(text: string): OperationalFormula {
  const root = new Parser(text, tokenize(text)).parseFormula();
  return {
    text,
    evaluate(processNames: string[], valueOf: (name: string) => boolean): boolean {
      return single(evaluateNode(root, text, processNames, valueOf), root, text);
    },
  };
}
