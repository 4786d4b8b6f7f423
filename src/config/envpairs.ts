// Parser for `environment = KEY="value",KEY2=value2` (CFG-SD-16, CFG-PG-24). supervisord reads it
// with Python's shlex in its non-POSIX mode, whose quirks users meet, so they are reproduced:
// quotes are kept inside tokens and stripped from values afterwards, characters outside the word set
// (such as `$`, `@`, `*`, `\`) form one-character tokens, `#` starts a comment, and the token after
// each `K=V` triple is skipped whatever it is (normally the comma).
//
// Example: parseEnvironment('A="x,y",B=2') → { A: "x,y", B: "2" }

import { ConversionError } from "./datatypes.ts";

const WORD_CHARS = new Set(
  "abcdfeghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_" + "/.+-():",
);
const WHITESPACE = new Set([" ", "\t", "\r", "\n"]);
const QUOTES = new Set(["'", '"']);

/** Splits like shlex.shlex(text) (non-POSIX) with `/.+-():` added to the word characters. */
export function shlexTokens(text: string): string[] {
  const chars = [...text];
  const tokens: string[] = [];
  let i = 0;
  let state: "start" | "word" | "'" | '"' = "start";
  let token = "";

  const skipComment = (): void => {
    while (i < chars.length && chars[i] !== "\n") i++;
    if (i < chars.length) i++; // the newline itself
  };
  const emit = (): void => {
    tokens.push(token);
    token = "";
    state = "start";
  };

  while (true) {
    const ch = i < chars.length ? (chars[i] as string) : null;
    i++;
    if (state === "start") {
      if (ch === null) break;
      if (WHITESPACE.has(ch)) continue;
      if (ch === "#") {
        i--;
        skipComment();
        continue;
      }
      if (WORD_CHARS.has(ch)) {
        token = ch;
        state = "word";
      } else if (QUOTES.has(ch)) {
        token = ch;
        state = ch as "'" | '"';
      } else {
        token = ch;
        emit();
      }
    } else if (state === "word") {
      if (ch === null) {
        emit();
        break;
      }
      if (WHITESPACE.has(ch)) emit();
      else if (ch === "#") {
        // Non-POSIX shlex skips the rest of the line and keeps building the same word.
        i--;
        skipComment();
      } else if (WORD_CHARS.has(ch) || QUOTES.has(ch)) token += ch;
      else {
        i--; // pushed back: starts the next token
        emit();
      }
    } else {
      if (ch === null) throw new ConversionError("no closing quotation");
      token += ch;
      if (ch === state) emit();
    }
  }
  return tokens;
}

/** `K=V,K2="V 2"` → record; an empty value gives {}. Later keys win. */
export function parseEnvironment(text: string): Record<string, string> {
  let tokens: string[];
  try {
    tokens = shlexTokens(text);
  } catch (err) {
    throw new ConversionError(
      `'${text}' is not a valid list of KEY=value pairs: ${(err as Error).message}`,
    );
  }
  const result = new Map<string, string>();
  for (let i = 0; i < tokens.length; i += 4) {
    const [key, eq, value] = tokens.slice(i, i + 3);
    if (key === undefined || eq !== "=" || value === undefined) {
      throw new ConversionError(
        `'${text}' is not a valid list of KEY=value pairs (unexpected end of key/value pairs); ` +
          `write KEY="value",KEY2="value2" and quote values holding spaces or other special characters`,
      );
    }
    result.set(key, stripQuotes(value));
  }
  // fromEntries defines own properties, so even a key named __proto__ stays a plain entry.
  return Object.fromEntries(result);
}

function stripQuotes(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && QUOTES.has(value[start] as string)) start++;
  while (end > start && QUOTES.has(value[end - 1] as string)) end--;
  return value.slice(start, end);
}
