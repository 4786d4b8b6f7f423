// The listener protocol reader (EVT-SUP-01): READY / RESULT tokens split across reads at every
// byte, the default result handler, and the ways into the UNKNOWN state supervisord has.

import { describe, expect, test } from "bun:test";
import {
  defaultResultHandler,
  ListenerProtocol,
  resultLength,
  type ProtocolOutcome,
} from "../../../src/events/listeners/listener-protocol.ts";
import { bytes, text } from "./helpers.ts";

/** Outcomes as short strings: "READY", "result OK", "rejected FAIL", "requeue", "bad RESULT x". */
function show(outcomes: ProtocolOutcome[]): string[] {
  return outcomes.map((o) => {
    switch (o.kind) {
      case "state":
        return `${o.from}->${o.to}`;
      case "result":
        return `${o.accepted ? "accepted" : "rejected"} ${text(o.body)}`;
      case "badResultLine":
        return `bad ${text(o.line)}`;
      case "requeue":
        return "requeue";
    }
  });
}

/** Feeds `stream` cut at the given offsets; returns all outcomes. */
function feedSplit(p: ListenerProtocol, stream: string, cuts: number[]): string[] {
  const out: string[] = [];
  let at = 0;
  for (const cut of [...cuts, stream.length]) {
    out.push(...show(p.feed(bytes(stream.slice(at, cut)))));
    at = cut;
  }
  return out;
}

describe("READY and RESULT", () => {
  test("a new listener is ACKNOWLEDGED until READY", () => {
    const p = new ListenerProtocol();
    expect(p.state).toBe("ACKNOWLEDGED");
    expect(show(p.feed(bytes("READY\n")))).toEqual(["ACKNOWLEDGED->READY"]);
    expect(p.state).toBe("READY");
  });

  test("RESULT 2 OK accepts, READY in the same read follows", () => {
    const p = new ListenerProtocol();
    p.feed(bytes("READY\n"));
    p.sent();
    expect(p.state).toBe("BUSY");
    expect(show(p.feed(bytes("RESULT 2\nOKREADY\n")))).toEqual(["accepted OK", "BUSY->ACKNOWLEDGED", "ACKNOWLEDGED->READY"]);
  });

  test("any other body is rejected and the event requeued; the listener may go on", () => {
    const p = new ListenerProtocol();
    p.feed(bytes("READY\n"));
    p.sent();
    expect(show(p.feed(bytes("RESULT 4\nFAILREADY\n")))).toEqual([
      "rejected FAIL",
      "BUSY->ACKNOWLEDGED",
      "requeue",
      "ACKNOWLEDGED->READY",
    ]);
  });

  test("every way of cutting READY + RESULT gives the same outcomes", () => {
    const stream = "READY\nRESULT 2\nOKREADY\n";
    const whole = (() => {
      const p = new ListenerProtocol();
      const first = show(p.feed(bytes("READY\n")));
      p.sent();
      return [...first, ...show(p.feed(bytes(stream.slice(6))))];
    })();
    for (let a = 1; a < stream.length; a++) {
      for (let b = a; b < stream.length; b++) {
        const p = new ListenerProtocol();
        const out = feedSplit(p, stream.slice(0, 6), a < 6 ? [a] : []);
        if (p.state === "READY") p.sent();
        out.push(...feedSplit(p, stream.slice(6), [Math.max(0, a - 6), Math.max(0, b - 6)].filter((c) => c > 0)));
        expect({ a, b, out }).toEqual({ a, b, out: whole });
      }
    }
  });

  test("a result body may hold newlines and arrive byte by byte", () => {
    const p = new ListenerProtocol((body) => text(body) === "A\nB");
    p.feed(bytes("READY\n"));
    p.sent();
    const out = feedSplit(p, "RESULT 3\nA\nBREADY\n", Array.from({ length: 17 }, (_, i) => i + 1));
    expect(out).toEqual(["accepted A\nB", "BUSY->ACKNOWLEDGED", "ACKNOWLEDGED->READY"]);
  });

  test("RESULT 0 is an empty body, judged once more data comes, and rejected", () => {
    const p = new ListenerProtocol();
    p.feed(bytes("READY\n"));
    p.sent();
    expect(show(p.feed(bytes("RESULT 0\n")))).toEqual([]);
    expect(show(p.feed(bytes("READY\n")))).toEqual(["rejected ", "BUSY->ACKNOWLEDGED", "requeue", "ACKNOWLEDGED->READY"]);
  });
});

describe("protocol errors: the UNKNOWN state", () => {
  test("garbage instead of READY", () => {
    const p = new ListenerProtocol();
    expect(show(p.feed(bytes("HELLO\n")))).toEqual(["ACKNOWLEDGED->UNKNOWN"]);
    expect(show(p.feed(bytes("READY\n")))).toEqual([]);
    expect(p.state).toBe("UNKNOWN");
  });

  test("fewer than six bytes wait: 'READ' then 'Y\\n' is READY, 'REA' then 'DX\\n' is not", () => {
    const ok = new ListenerProtocol();
    expect(show(ok.feed(bytes("READ")))).toEqual([]);
    expect(show(ok.feed(bytes("Y\n")))).toEqual(["ACKNOWLEDGED->READY"]);
    const bad = new ListenerProtocol();
    expect(show(bad.feed(bytes("REA")))).toEqual([]);
    expect(show(bad.feed(bytes("DX\n")))).toEqual(["ACKNOWLEDGED->UNKNOWN"]);
  });

  test("data while READY (nothing was sent) is spurious", () => {
    const p = new ListenerProtocol();
    expect(show(p.feed(bytes("READY\nREADY\n")))).toEqual(["ACKNOWLEDGED->READY", "READY->UNKNOWN"]);
  });

  test("a bad result line requeues the event, as 'RESULT x' did on a real supervisord", () => {
    const p = new ListenerProtocol();
    p.feed(bytes("READY\n"));
    p.sent();
    expect(show(p.feed(bytes("RESULT x\nREADY\n")))).toEqual(["bad RESULT x", "BUSY->UNKNOWN", "requeue"]);
    expect(p.state).toBe("UNKNOWN");
  });

  test("a result line waits for its newline", () => {
    const p = new ListenerProtocol();
    p.feed(bytes("READY\n"));
    p.sent();
    expect(show(p.feed(bytes("RESULT 12")))).toEqual([]);
    expect(show(p.feed(bytes("\nOKOKOKOKOKOK")))).toEqual(["rejected OKOKOKOKOKOK", "BUSY->ACKNOWLEDGED", "requeue"]);
  });
});

describe("result lengths and the default handler", () => {
  test.each([
    ["2", 2],
    [" 12 ", 12],
    ["+3", 3],
    ["1_000", 1000],
    ["0", 0],
    ["2\r", 2],
    ["", null],
    ["x", null],
    ["-1", null],
    // Python's int() reads "-0" as 0: supervisord then takes an empty result body.
    ["-0", 0],
    ["-00", 0],
    ["- 0", null],
    ["1__0", null],
    ["0x10", null],
  ] as const)("int(%p) = %p", (input, expected) => {
    expect(resultLength(bytes(input))).toBe(expected);
  });

  test("only the exact bytes OK accept", () => {
    expect(defaultResultHandler(bytes("OK"))).toBe(true);
    for (const body of ["ok", "OK\n", " OK", "FAIL", ""]) expect(defaultResultHandler(bytes(body))).toBe(false);
  });
});
