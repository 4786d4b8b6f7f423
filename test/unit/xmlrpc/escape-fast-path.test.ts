// escapeText's fast path (a text with nothing to escape is returned as is) must agree with the
// full escaping on every kind of character it skips or catches.

import { describe, expect, test } from "bun:test";
import { escapeText } from "../../../src/api/xmlrpc/escape.ts";

describe("escapeText fast path", () => {
  test("plain text, unicode and surrogate pairs come back unchanged", () => {
    for (const text of ["", "RUNNING", "pid 4242, uptime 0:01:02", "café ünïcode", "emoji \u{1F600} pair", "tab\tand\nnewline"]) {
      expect(escapeText(text)).toBe(text);
    }
  });

  test("each character that needs work is still escaped or replaced", () => {
    expect(escapeText("a&b")).toBe("a&amp;b");
    expect(escapeText("<x>")).toBe("&lt;x&gt;");
    expect(escapeText("cr\r")).toBe("cr&#13;");
    expect(escapeText("bell\u0007")).toBe("bell\uFFFD");
    expect(escapeText("lone \uD800 high")).toBe("lone \uFFFD high");
    expect(escapeText("lone \uDC00 low")).toBe("lone \uFFFD low");
    expect(escapeText("\uFFFE\uFFFF")).toBe("\uFFFD\uFFFD");
    // A pair next to a character needing work: the pair stays whole.
    expect(escapeText("\u{1F600}&")).toBe("\u{1F600}&amp;");
  });
});
