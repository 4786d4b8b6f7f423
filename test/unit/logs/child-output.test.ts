// The DEBG record of child output in the activity log, with Python's repr of names and bytes.

import { describe, expect, test } from "bun:test";
import { childOutputLogMessage, pyBytesRepr } from "../../../src/process/logs/index.ts";

const bytes = (...b: number[]) => new Uint8Array(b);

describe("pyBytesRepr", () => {
  test.each([
    [bytes(), "b''"],
    [bytes(0x61, 0xff, 0x0a), "b'a\\xff\\n'"],
    [bytes(0x27), `b"'"`],
    [bytes(0x27, 0x22), `b'\\'"'`],
    [bytes(0x5c, 0x09, 0x0d, 0x00, 0x7f, 0x7e), "b'\\\\\\t\\r\\x00\\x7f~'"],
  ])("%p → %s", (input, expected) => {
    expect(pyBytesRepr(input)).toBe(expected);
  });
});

describe("childOutputLogMessage", () => {
  test("UTF-8 output is shown as text after the quoted name", () => {
    expect(childOutputLogMessage("web", "stdout", new TextEncoder().encode("héllo\n"))).toBe(
      "'web' stdout output:\nhéllo\n",
    );
  });

  test("other bytes are shown as Undecodable: b'...'", () => {
    expect(childOutputLogMessage("web", "stderr", bytes(0xff, 0xfe, 0x0a))).toBe(
      "'web' stderr output:\nUndecodable: b'\\xff\\xfe\\n'",
    );
  });
});
