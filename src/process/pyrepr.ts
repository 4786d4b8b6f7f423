// Python's repr() of a str, because supervisord's messages embed paths with %r
// ("can't find command 'foo'") and clients compare those texts.

/**
 * Formats a string as Python 3 `repr(s)` does.
 * @example pyRepr("it's") // "\"it's\""; pyRepr("a\tb") // "'a\\tb'"
 */
export function pyRepr(s: string): string {
  // Python prefers single quotes, and switches to double quotes only when that avoids escaping.
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === quote || ch === "\\") out += "\\" + ch;
    else if (ch === "\t") out += "\\t";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (code < 0x20 || code === 0x7f) out += "\\x" + hex(code, 2);
    else if (!isPrintable(ch, code)) out += escapeWide(code);
    else out += ch;
  }
  return out + quote;
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, "0");
}

function escapeWide(code: number): string {
  if (code <= 0xff) return "\\x" + hex(code, 2);
  if (code <= 0xffff) return "\\u" + hex(code, 4);
  return "\\U" + hex(code, 8);
}

/**
 * An approximation of Python's str.isprintable(): control, format, separator (other than the
 * plain space), surrogate and unassigned characters are escaped.
 */
function isPrintable(ch: string, code: number): boolean {
  if (code >= 0x80 && code < 0xa0) return false;
  if (code === 0x20) return true;
  return !/[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u.test(ch);
}
