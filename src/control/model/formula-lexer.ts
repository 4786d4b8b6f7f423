// Tokens of an `operational_status` formula (RULE-60). The formula is a Python expression, so this
// reads the few Python tokens the grammar allows with Python's own rules: string literals with
// their prefixes, escapes and implicit concatenation done later by the parser, names, parentheses,
// commas, comments, and the line structure (a newline outside parentheses ends a statement).
//
//   tokenize(`"db" and any("cache_.*")`)
//   // → string "db", name and, name any, ( , string cache_.*, ) , end

/** An error in a formula, at compile or evaluation time; the message says what and where. */
export class FormulaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FormulaError";
  }
}

export type TokenKind = "string" | "name" | "(" | ")" | "," | "newline" | "other" | "end";

export interface Token {
  kind: TokenKind;
  /** The decoded value of a string, the word of a name, else the source text. */
  text: string;
  /** 0-based offset in the formula. */
  offset: number;
}

/** `at column C` on a one-line formula, `at line L, column C` otherwise (both 1-based). */
export function position(source: string, offset: number): string {
  const before = source.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - (before.lastIndexOf("\n") + 1) + 1;
  return source.includes("\n") ? `at line ${line}, column ${column}` : `at column ${column}`;
}

/** Python's single-character escapes in a non-raw string. */
const SIMPLE_ESCAPES: Record<string, string> = {
  "\\": "\\", "'": "'", '"': '"', a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v",
};

/**
 * Decodes the body of a non-raw str literal. Unknown escapes such as `\d` stay as written, as in
 * Python: that is what makes `"cache_\d+"` a working pattern without a raw prefix.
 */
function decodeEscapes(body: string, source: string, bodyOffset: number): string {
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const char = body[i] as string;
    if (char !== "\\" || i + 1 >= body.length) {
      out += char;
      continue;
    }
    const next = body[i + 1] as string;
    if (next in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[next];
      i++;
    } else if (next === "\n") {
      i++; // a backslash-newline inside a string joins the lines
    } else if (/[0-7]/.test(next)) {
      const digits = /^[0-7]{1,3}/.exec(body.slice(i + 1))?.[0] as string;
      out += String.fromCodePoint(Number.parseInt(digits, 8));
      i += digits.length;
    } else if (next === "x" || next === "u" || next === "U") {
      const width = next === "x" ? 2 : next === "u" ? 4 : 8;
      const hex = body.slice(i + 2, i + 2 + width);
      const code = /^[0-9a-fA-F]+$/.test(hex) && hex.length === width ? Number.parseInt(hex, 16) : Number.NaN;
      if (Number.isNaN(code) || code > 0x10ffff) {
        throw new FormulaError(`invalid \\${next} escape in string ${position(source, bodyOffset + i)}`);
      }
      out += String.fromCodePoint(code);
      i += 1 + width;
    } else if (next === "N") {
      throw new FormulaError(`\\N{...} escapes are not supported ${position(source, bodyOffset + i)}`);
    } else {
      out += char; // unknown escape: the backslash stays
    }
  }
  return out;
}

/** Reads the string literal whose prefix starts at `start`; returns its token and the next offset. */
function readString(source: string, start: number, prefix: string): { token: Token; next: number } {
  const lowered = prefix.toLowerCase();
  if (lowered.includes("b") || lowered.includes("f")) {
    throw new FormulaError(`only plain string literals are allowed, not ${prefix}-strings, ${position(source, start)}`);
  }
  const open = start + prefix.length;
  const quote = source[open] as string;
  const triple = source.startsWith(quote.repeat(3), open);
  const delimiter = triple ? quote.repeat(3) : quote;
  let i = open + delimiter.length;
  while (i < source.length) {
    const char = source[i];
    if (char === "\\") {
      i += 2;
      continue;
    }
    if (!triple && char === "\n") break;
    if (source.startsWith(delimiter, i)) {
      const bodyOffset = open + delimiter.length;
      const body = source.slice(bodyOffset, i);
      const text = lowered.includes("r") ? body : decodeEscapes(body, source, bodyOffset);
      return { token: { kind: "string", text, offset: start }, next: i + delimiter.length };
    }
    i++;
  }
  throw new FormulaError(`unterminated string ${position(source, start)}`);
}

/** Splits `source` into tokens, ending with one `end` token. Newlines inside parentheses are dropped. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let depth = 0;
  let i = 0;
  while (i < source.length) {
    const char = source[i] as string;
    if (char === " " || char === "\t" || char === "\r" || char === "\f") {
      i++;
    } else if (char === "\\" && source[i + 1] === "\n") {
      i += 2; // explicit line joining
    } else if (char === "#") {
      while (i < source.length && source[i] !== "\n") i++;
    } else if (char === "\n" || char === ";") {
      // A newline or semicolon outside parentheses ends a statement; the parser accepts only one.
      if (depth === 0) tokens.push({ kind: "newline", text: char, offset: i });
      else if (char === ";") tokens.push({ kind: "other", text: char, offset: i });
      i++;
    } else if (char === "'" || char === '"') {
      const { token, next } = readString(source, i, "");
      tokens.push(token);
      i = next;
    } else if (/[A-Za-z_]/.test(char)) {
      const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i))?.[0] as string;
      const after = source[i + word.length];
      if ((after === "'" || after === '"') && /^(?:[rRuUbBfF]|[rR][bBfF]|[bBfF][rR])$/.test(word)) {
        const { token, next } = readString(source, i, word);
        tokens.push(token);
        i = next;
      } else {
        tokens.push({ kind: "name", text: word, offset: i });
        i += word.length;
      }
    } else if (char === "(" || char === ")" || char === ",") {
      if (char === "(") depth++;
      if (char === ")") depth = Math.max(0, depth - 1);
      tokens.push({ kind: char, text: char, offset: i });
      i++;
    } else {
      // Anything else (operators, digits, brackets...) is outside the grammar: the parser reports it.
      const text = /^(?:[0-9][0-9A-Za-z_.]*|==|!=|<=|>=|\*\*|\/\/|[^\s])/u.exec(source.slice(i))?.[0] as string;
      tokens.push({ kind: "other", text, offset: i });
      i += text.length;
    }
  }
  tokens.push({ kind: "end", text: "", offset: source.length });
  return tokens;
}
