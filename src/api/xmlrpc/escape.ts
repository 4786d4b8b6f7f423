// Text escaping for XML-RPC bodies, in both directions.
//
// Writing: only what XML 1.0 and Python's expat need. `& < >` become entities; `\r` becomes `&#13;`
// because a literal CR would be normalised to LF by the reader; characters XML 1.0 forbids outright
// (C0 controls other than TAB/LF/CR, U+FFFE/U+FFFF, lone surrogates) cannot be carried at all, not
// even as character references (expat rejects `&#1;`), so they are replaced by U+FFFD: the reader
// then gets a readable body instead of a parse error.
// Reading: the five predefined entities and numeric references; anything else is a parse error,
// because a DOCTYPE (the only way to declare more) is refused before parsing.

/** Characters XML 1.0 cannot carry, plus lone surrogates. */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Escapes a string for element content.
 * @example escapeText("a<b & c\r") // "a&lt;b &amp; c&#13;"
 */
export function escapeText(text: string): string {
  // Most texts (names, states, descriptions) need nothing: one scan instead of two replaces.
  if (!NEEDS_WORK.test(text)) return text;
  return text.replace(/[&<>\r]/g, escapeChar).replace(FORBIDDEN, "\uFFFD");
}

/** Any character either replace would change (a surrogate is checked for pairing by the second). */
const NEEDS_WORK = /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/;

function escapeChar(ch: string): string {
  switch (ch) {
    case "&":
      return "&amp;";
    case "<":
      return "&lt;";
    case ">":
      return "&gt;";
    default:
      return "&#13;";
  }
}

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/**
 * Resolves entity and character references in raw element text. Returns an error message
 * instead of throwing so the caller can attach its own context.
 * @example decodeEntities("a &amp; &#x41;") // { text: "a & A" }
 */
export function decodeEntities(raw: string): { text: string } | { error: string } {
  if (!raw.includes("&")) return { text: raw };
  let bad: string | null = null;
  const text = raw.replace(/&([^;&\s<]{0,32});?/g, (whole, body: string) => {
    if (!whole.endsWith(";")) {
      bad ??= `unterminated entity reference "${whole}"`;
      return whole;
    }
    if (body.startsWith("#")) {
      const isHex = body[1] === "x";
      const digits = body.slice(isHex ? 2 : 1);
      const ok = isHex ? /^[0-9a-fA-F]{1,6}$/.test(digits) : /^[0-9]{1,7}$/.test(digits);
      const cp = ok ? parseInt(digits, isHex ? 16 : 10) : NaN;
      if (!ok || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
        bad ??= `invalid character reference "${whole}"`;
        return whole;
      }
      return String.fromCodePoint(cp);
    }
    const named = NAMED[body];
    if (named === undefined) {
      bad ??= `undefined entity "${whole}"`;
      return whole;
    }
    return named;
  });
  return bad === null ? { text } : { error: bad };
}
