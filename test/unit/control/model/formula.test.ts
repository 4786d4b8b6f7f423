// RULE-60..63: the operational_status formula, its Python grammar, operand resolution and errors.
import { describe, expect, test } from "bun:test";
import { FormulaError, compileFormula } from "../../../../src/control/model/formula.ts";

const NAMES = ["db", "web", "cache_00", "cache_01", "cache_02", "a.b", "axb"];
/** Up: db, cache_00, cache_02, a.b. Down: web, cache_01, axb. */
const UP = new Set(["db", "cache_00", "cache_02", "a.b"]);
const value = (text: string): boolean => compileFormula(text).evaluate(NAMES, (name) => UP.has(name));

function compileError(text: string): string {
  try {
    compileFormula(text);
  } catch (error) {
    expect(error).toBeInstanceOf(FormulaError);
    return (error as Error).message;
  }
  throw new Error(`expected a FormulaError for ${text}`);
}

function evaluationError(text: string): string {
  const formula = compileFormula(text);
  try {
    formula.evaluate(NAMES, (name) => UP.has(name));
  } catch (error) {
    expect(error).toBeInstanceOf(FormulaError);
    return (error as Error).message;
  }
  throw new Error(`expected an evaluation error for ${text}`);
}

describe("RULE-60 grammar: valid formulas and their values", () => {
  const cases: [string, boolean][] = [
    [`"db"`, true],
    [`'web'`, false],
    [`"db" and "web"`, false],
    [`"db" or "web"`, true],
    [`not "web"`, true],
    [`not not "web"`, false],
    // Python precedence: not > and > or.
    [`not "db" and "web"`, false], // (not db) and web
    [`not ("db" and "web")`, true],
    [`"web" and "db" or "db"`, true], // (web and db) or db
    [`"web" and ("db" or "db")`, false],
    [`"db" or "web" and "web"`, true], // db or (web and web)
    [`"web" or "web" or "db"`, true],
    [`"db" and "db" and "web"`, false],
    [`any("cache_.*")`, true],
    [`all("cache_.*")`, false],
    [`all("cache_0[02]")`, true],
    [`any("db")`, true], // a single boolean is wrapped into a list
    [`all(not "web")`, true],
    [`any("cache_.*",)`, true], // Python allows a trailing comma in a call
    [`any(("cache_.*"))`, true], // parentheses are not a tuple
    [`"db" and any("cache_.*")`, true],
    [`"db"and"db"`, true],
    [`("db"\n  and "db")`, true], // newlines inside parentheses
    [`"db" \\\n and "web"`, false], // explicit line joining
    [`"db";`, true],
    [`"db"  # the database`, true],
    [`"d" "b"`, true], // adjacent literals concatenate
  ];
  test.each(cases)("%p → %p", (text, expected) => {
    expect(value(text)).toBe(expected);
  });
  test("string prefixes r and u; unknown escapes like \\d stay as written", () => {
    expect(value(`any(r"cache_\\d+") and any("cache_\\d+") and u"db" and R'db' and U"db"`)).toBe(true);
    expect(compileFormula(`"a\\tb\\x41\\101\\u00e9\\\\"`).evaluate(["a\tbAAé\\"], () => true)).toBe(true);
  });
  test("triple-quoted strings", () => {
    expect(value(`"""db""" and '''db'''`)).toBe(true);
  });
  test("the text is kept", () => {
    expect(compileFormula(`"db" or "web"`).text).toBe(`"db" or "web"`);
  });
});

describe("RULE-60 grammar: errors name what and where", () => {
  const cases: [string, string][] = [
    [``, "empty formula at column 1"],
    [`   `, "empty formula at column 4"],
    [`"db" == "web"`, `expected "and", "or" or the end of the formula, found "==" at column 6`],
    [`"db" + "web"`, `expected "and", "or" or the end of the formula, found "+" at column 6`],
    [`len("db")`, `unsupported function "len" at column 1: only any() and all() are allowed`],
    [`"db" and print("x")`, `unsupported function "print" at column 10: only any() and all() are allowed`],
    [`any()`, "any() at column 1 takes exactly one argument, none given"],
    [`"db" or all("a", "b")`, "all() at column 9 takes exactly one argument, several given"],
    [`any`, `unexpected name "any" at column 1: operands are quoted process names or patterns`],
    [`True`, `unexpected name "True" at column 1: operands are quoted process names or patterns`],
    [`db`, `unexpected name "db" at column 1: operands are quoted process names or patterns`],
    [`1`, `expected a quoted string, "not", "(", "any(" or "all(", found "1" at column 1`],
    [`"db" and`, `expected a quoted string, "not", "(", "any(" or "all(", found end of formula at column 9`],
    [`and "db"`, `expected a quoted string, "not", "(", "any(" or "all(", found "and" at column 1`],
    [`("db"`, `expected ")", found end of formula at column 6`],
    [`("db", "web")`, `expected ")", found "," at column 6`],
    [`"db")`, `expected "and", "or" or the end of the formula, found ")" at column 5`],
    [`"db" "web`, "unterminated string at column 6"],
    [`"db\n"`, "unterminated string at line 1, column 1"],
    [`"db"\n"web"`, "a formula is one expression, a second one starts at line 2, column 1"],
    [`"db"; "web"`, "a formula is one expression, a second one starts at column 7"],
    [`b"db"`, "only plain string literals are allowed, not b-strings, at column 1"],
    [`f"{x}"`, "only plain string literals are allowed, not f-strings, at column 1"],
    [`"\\x4"`, "invalid \\x escape in string at column 2"],
    [`"\\N{DASH}"`, "\\N{...} escapes are not supported at column 2"],
    [`["db"]`, `expected a quoted string, "not", "(", "any(" or "all(", found "[" at column 1`],
    [`any("db" for x in y)`, `expected ")", found "for" at column 10`],
    [`"db" and\n"web"`, `expected a quoted string, "not", "(", "any(" or "all(", found end of line at line 1, column 9`],
  ];
  test.each(cases)("%p", (text, message) => {
    expect(compileError(text)).toBe(message);
  });
});

describe("RULE-61 operand resolution and evaluation errors", () => {
  test("an exact name wins over the same text read as a pattern", () => {
    // "a.b" is a process name: only it counts, although the pattern would also match "axb".
    expect(value(`"a.b"`)).toBe(true);
    expect(value(`all("a.b")`)).toBe(true);
  });
  test("a pattern must match the whole name", () => {
    expect(evaluationError(`"cache"`)).toBe(`no process of the application matches "cache" at column 1`);
    expect(value(`"cache_0[1]"`)).toBe(false);
    expect(value(`"d."`)).toBe(true);
  });
  test("an alternation is anchored as a whole", () => {
    // ^(?:db|web)$ matches db and web only, never "dbx" or a name merely ending with "web".
    expect(compileFormula(`all("db|web")`).evaluate(["db", "web", "xweb"], (name) => name !== "xweb")).toBe(true);
  });
  test("Python named groups are accepted", () => {
    expect(value(`any("(?P<p>cache)_0(?P=p)?[0-9]")`)).toBe(true);
  });
  const errors: [string, string][] = [
    [`"nope"`, `no process of the application matches "nope" at column 1`],
    [`"db" and "cache_.*"`, "the operand at column 10 matches 3 processes: use it inside any() or all()"],
    [`not "cache_.*"`, "the operand at column 5 matches 3 processes: use it inside any() or all()"],
    [`"cache_.*"`, "the operand at column 1 matches 3 processes: use it inside any() or all()"],
    [`("cache_.*")`, "the operand at column 2 matches 3 processes: use it inside any() or all()"],
    [`"db" or "nope"`, `no process of the application matches "nope" at column 9`], // every operand is evaluated
    [`"ca(che"`, `"ca(che" at column 1 is not a valid pattern: `],
  ];
  test.each(errors)("%p", (text, message) => {
    expect(evaluationError(text).startsWith(message)).toBe(true);
  });
  test("the same compiled formula evaluates against other processes", () => {
    const formula = compileFormula(`any("w_.*")`);
    expect(formula.evaluate(["w_1", "w_2"], (name) => name === "w_2")).toBe(true);
    expect(formula.evaluate(["w_1"], () => false)).toBe(false);
    expect(() => formula.evaluate(["x"], () => true)).toThrow(FormulaError);
  });
});
