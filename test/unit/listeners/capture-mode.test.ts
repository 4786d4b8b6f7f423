// Capture mode (EVT-SUP-06): the token splitter of POutputDispatcher.record_output, tokens cut
// across reads, the held-back tail, and the capture buffer's BoundIO limit.

import { describe, expect, test } from "bun:test";
import {
  BoundBuffer,
  CAPTURE_BEGIN_TOKEN,
  CAPTURE_END_TOKEN,
  CaptureSplitter,
  findPrefixAtEnd,
  type CaptureAction,
} from "../../../src/process/logs/capture-mode.ts";
import { bytes, text } from "./helpers.ts";

const BEGIN = "<!--XSUPERVISOR:BEGIN-->";
const END = "<!--XSUPERVISOR:END-->";

function show(actions: CaptureAction[]): string[] {
  return actions.map((a) => (a.kind === "output" ? `${a.capturing ? "cap" : "log"}:${text(a.data)}` : a.kind));
}

function run(splitter: CaptureSplitter, ...chunks: string[]): string[] {
  return chunks.flatMap((c) => show(splitter.push(bytes(c))));
}

describe("CaptureSplitter", () => {
  test("what a real supervisord did with one line: captured text, the tail held back", () => {
    const s = new CaptureSplitter(true);
    expect(run(s, `${BEGIN}captured data${END}after\n`)).toEqual(["begin", "cap:captured data", "end"]);
    // "after\n" is no longer than the begin token: it waits for more output, as in supervisord.
    expect(run(s, "more output that is long enough\n")).toEqual(["log:after\nmore output that is long enough\n"]);
  });

  test("without a capture buffer everything passes through at once", () => {
    expect(run(new CaptureSplitter(false), `a${BEGIN}b`, "c")).toEqual([`log:a${BEGIN}b`, "log:c"]);
  });

  test("tokens cut at every byte give the same pieces once joined", () => {
    const stream = `hello world, this is the log${BEGIN}the message${END}and then the rest of the line\n`;
    for (let cut = 1; cut < stream.length; cut++) {
      const s = new CaptureSplitter(true);
      // A last long piece releases what a short tail leaves held back.
      const out = run(s, stream.slice(0, cut), stream.slice(cut), "=".repeat(40));
      const logged = out.filter((o) => o.startsWith("log:")).map((o) => o.slice(4)).join("");
      const captured = out.filter((o) => o.startsWith("cap:")).map((o) => o.slice(4)).join("");
      expect({ cut, logged, captured, marks: out.filter((o) => !o.includes(":")) }).toEqual({
        cut,
        logged: "hello world, this is the log" + "and then the rest of the line\n" + "=".repeat(40),
        captured: "the message",
        marks: ["begin", "end"],
      });
    }
  });

  test("a partial token at the end is held back until the rest arrives", () => {
    const s = new CaptureSplitter(true);
    expect(run(s, "some text that ends with <!--XSUP")).toEqual(["log:some text that ends with "]);
    expect(s.capturing).toBe(false);
    expect(run(s, "ERVISOR:BEGIN-->x")).toEqual(["begin"]);
    expect(s.capturing).toBe(true);
    // "x" then "y" are shorter than the end token: held back until more comes.
    expect(run(s, "y")).toEqual([]);
    expect(run(s, "no end token here, long enough to be looked at")).toEqual([
      "cap:xyno end token here, long enough to be looked at",
    ]);
  });

  test("a false start is released once it cannot be a token", () => {
    const s = new CaptureSplitter(true);
    expect(run(s, "a line ending in <!--XSUP")).toEqual(["log:a line ending in "]);
    expect(run(s, "PORTED, not a token at all")).toEqual(["log:<!--XSUPPORTED, not a token at all"]);
  });

  test("two messages in one read", () => {
    const s = new CaptureSplitter(true);
    expect(run(s, `${BEGIN}one${END}${BEGIN}two${END}${"-".repeat(30)}`)).toEqual([
      "begin",
      "cap:one",
      "end",
      "begin",
      "cap:two",
      "end",
      `log:${"-".repeat(30)}`,
    ]);
  });
});

describe("findPrefixAtEnd (medusa's find_prefix_at_end)", () => {
  test.each([
    ["abc<", 1],
    ["abc<!--XSUPERVISOR:BEGIN--", CAPTURE_BEGIN_TOKEN.length - 1],
    ["abc", 0],
    ["<!--XSUPERVISOR:END-->", 0],
    ["<", 1],
  ] as const)("%p", (haystack, expected) => {
    expect(findPrefixAtEnd(bytes(haystack), CAPTURE_BEGIN_TOKEN)).toBe(expected);
  });

  test("the end token", () => {
    expect(findPrefixAtEnd(bytes("data<!--XSUPERVISOR:E"), CAPTURE_END_TOKEN)).toBe(17);
  });
});

describe("BoundBuffer (Supervisor's BoundIO)", () => {
  test("drops as many leading bytes as the write brings once past the limit", () => {
    const b = new BoundBuffer(10);
    b.write(bytes("12345678"));
    b.write(bytes("abcd"));
    // 8 + 4 > 10: the first 4 bytes go, leaving 8 bytes: not trimmed down to the limit.
    expect(text(b.value())).toBe("5678abcd");
    b.write(bytes("WXYZ"));
    expect(text(b.value())).toBe("abcdWXYZ");
    b.clear();
    expect(b.value().length).toBe(0);
  });
});
