// A shell-like command splitter with exactly the rules of Python's `shlex.split(s)` (POSIX mode,
// no comments), which supervisord uses to turn `command=` into argv (CFG-PG-01).

/** Raised with Python's own wording ("No closing quotation", "No escaped character"). */
export class ShlexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ShlexError";
  }
}

// shlex's default whitespace set.
const WHITESPACE = new Set([" ", "\t", "\r", "\n"]);
const QUOTES = new Set(["'", '"']);
const ESCAPE = "\\";
// Inside these quotes a backslash escapes only itself and the quote.
const ESCAPED_QUOTES = new Set(['"']);

/**
 * Splits a command line into words.
 * @example shlexSplit(`sh -c "echo 'hi there'" a\\ b`) // ["sh", "-c", "echo 'hi there'", "a b"]
 */
export function shlexSplit(input: string): string[] {
  const words: string[] = [];
  const chars = [...input];
  let i = 0;
  let word = "";
  // A word exists once any character or any quote pair was seen (so `""` yields an empty word).
  let inWord = false;

  while (i < chars.length) {
    const ch = chars[i++];
    if (WHITESPACE.has(ch)) {
      if (inWord) {
        words.push(word);
        word = "";
        inWord = false;
      }
    } else if (ch === ESCAPE) {
      if (i >= chars.length) throw new ShlexError("No escaped character");
      word += chars[i++];
      inWord = true;
    } else if (QUOTES.has(ch)) {
      inWord = true;
      const quote = ch;
      for (;;) {
        if (i >= chars.length) throw new ShlexError("No closing quotation");
        const c = chars[i++];
        if (c === quote) break;
        if (c === ESCAPE && ESCAPED_QUOTES.has(quote)) {
          if (i >= chars.length) throw new ShlexError("No escaped character");
          const next = chars[i++];
          // Python keeps the backslash unless it escapes the quote or another backslash.
          if (next !== quote && next !== ESCAPE) word += ESCAPE;
          word += next;
        } else {
          word += c;
        }
      }
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}
