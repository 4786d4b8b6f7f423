// The pure rules behind the links: which link survives, reconnection delays, peer addresses, the
// bounded send queue, handshake messages and frame checks.

import { describe, expect, test } from "bun:test";
import { parsePeerAddress, plainAddress } from "../../../../src/cluster/net/address.ts";
import { backoffDelay } from "../../../../src/cluster/net/backoff.ts";
import { answerProblem, dataFrameProblem } from "../../../../src/cluster/net/frame-checks.ts";
import type { Frame } from "../../../../src/cluster/net/frame.ts";
import { parseControl } from "../../../../src/cluster/net/handshake.ts";
import { chooseLink, type CurrentLink } from "../../../../src/cluster/net/link-choice.ts";
import { Outbox } from "../../../../src/cluster/net/outbox.ts";
import { identity } from "./helpers.ts";

describe("chooseLink: both ends settle on the same connection", () => {
  const s1 = { start: 1, nonce: 1 };
  const s2 = { start: 2, nonce: 5 };
  const rows: [string, string, string, CurrentLink, "take-incoming" | "keep-current"][] = [
    ["no link yet", "a", "b", { phase: "none" }, "take-incoming"],
    ["our dial not connected", "a", "b", { phase: "connecting" }, "take-incoming"],
    ["both dialled, we are smaller", "a", "b", { phase: "hello-sent" }, "keep-current"],
    ["both dialled, peer is smaller", "b", "a", { phase: "hello-sent" }, "take-incoming"],
    ["peer restarted", "a", "b", { phase: "up", dialledBy: "us", peerSession: s2 }, "take-incoming"],
    ["peer re-dialled its own link", "a", "b", { phase: "up", dialledBy: "peer", peerSession: s1 }, "take-incoming"],
    ["our up link, we are smaller", "a", "b", { phase: "up", dialledBy: "us", peerSession: s1 }, "keep-current"],
    ["our up link, peer is smaller", "b", "a", { phase: "up", dialledBy: "us", peerSession: s1 }, "take-incoming"],
  ];
  for (const [name, local, peer, current, expected] of rows) {
    test(name, () => expect(chooseLink(local, peer, s1, current)).toBe(expected));
  }

  test("simultaneous dials: each side keeps the connection the smaller identifier dialled", () => {
    // a dialled C1, b dialled C2; a sees b's hello on C2, b sees a's hello on C1.
    const atA = chooseLink("a", "b", s1, { phase: "hello-sent" }); // about C2
    const atB = chooseLink("b", "a", s1, { phase: "hello-sent" }); // about C1
    expect(atA).toBe("keep-current"); // a keeps C1
    expect(atB).toBe("take-incoming"); // b takes C1
  });
});

describe("backoffDelay", () => {
  const options = { minMs: 100, maxMs: 5000 };
  test.each([
    [0, 0.5, 100],
    [1, 0.5, 200],
    [3, 0.5, 800],
    [6, 0.5, 5000],
    [100, 0.5, 5000],
    [0, 0, 80],
    [0, 1, 120],
    [10, 1, 5000],
  ])("attempt %d with random %d → %d ms", (attempt, random, expected) => {
    expect(backoffDelay(attempt, options, () => random)).toBe(expected);
  });
});

describe("parsePeerAddress", () => {
  test.each([
    ["10.0.0.2", { host: "10.0.0.2" }],
    ["10.0.0.2:61000", { host: "10.0.0.2", port: 61000 }],
    ["node-1", { host: "node-1" }],
    ["node-1:80", { host: "node-1", port: 80 }],
    ["::1", { host: "::1" }],
    ["[::1]:61000", { host: "::1", port: 61000 }],
    ["[fe80::1]", { host: "fe80::1" }],
    ["", "empty peer address"],
    ["h:0", "bad port in peer address 'h:0'"],
    ["h:99999", "bad port in peer address 'h:99999'"],
    ["h:x1", "bad port in peer address 'h:x1'"],
    [":80", "no host in peer address ':80'"],
  ] as [string, ReturnType<typeof parsePeerAddress>][])("%s", (address, expected) => {
    expect(parsePeerAddress(address)).toEqual(expected);
  });

  test("plainAddress strips the IPv4-mapped prefix", () => {
    expect(plainAddress("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(plainAddress("::1")).toBe("::1");
    expect(plainAddress(undefined)).toBe("unknown");
  });
});

describe("Outbox", () => {
  const item = (n: number, bytes = 10) => ({ payloadJson: String(n), bytes });
  test("drops the oldest beyond the frame count", () => {
    const box = new Outbox(3, 1000);
    expect([1, 2, 3].map((n) => box.push(item(n)))).toEqual([0, 0, 0]);
    expect(box.push(item(4))).toBe(1);
    expect([box.shift(), box.shift(), box.shift(), box.shift()].map((x) => x?.payloadJson)).toEqual(["2", "3", "4", undefined]);
  });
  test("drops the oldest beyond the byte count, never the frame just queued", () => {
    const box = new Outbox(100, 25);
    box.push(item(1));
    box.push(item(2));
    expect(box.push(item(3))).toBe(1);
    expect(box.push(item(4, 100))).toBe(2);
    expect(box.length).toBe(1);
    expect(box.shift()?.payloadJson).toBe("4");
  });
});

describe("handshake messages and frame checks", () => {
  test.each([
    ["hello", { t: "hello", challenge: "ab" }, { t: "hello", challenge: "ab" }],
    ["refuse without reason", { t: "refuse", challenge: "ab" }, { t: "refuse", challenge: "ab", reason: "no reason given" }],
    ["no challenge", { t: "ack" }, "handshake message without a valid challenge"],
    ["unknown type", { t: "boo", challenge: "ab" }, "unknown handshake message 'boo'"],
    ["null", null, "handshake message is not an object"],
  ] as [string, unknown, ReturnType<typeof parseControl>][])("parseControl: %s", (_, payload, expected) => {
    expect(parseControl(payload)).toEqual(expected);
  });

  const peer = identity("bravo", 7002);
  const session = { start: 10, nonce: 20 };
  const base: Frame = { kind: "data", sender: peer, payload: {}, authenticated: true, bound: true, sessionStart: 10, sessionNonce: 20, seq: 1, timestamp: 0 };
  test.each([
    ["a good frame", {}, undefined],
    ["a control frame", { kind: "control" }, "control frame on an established link"],
    ["another sender", { sender: identity("mallory", 9) }, "frame claims 127.0.0.1:9 on the link of 127.0.0.1:7002"],
    ["another run", { sessionNonce: 21 }, "frame from another run of the peer on this link"],
    ["unbound", { bound: false }, "unbound frame on an established link"],
  ] as [string, Partial<Frame>, string | undefined][])("dataFrameProblem: %s", (_, change, expected) => {
    expect(dataFrameProblem({ ...base, ...change }, peer, session, true)).toBe(expected);
  });

  test("answerProblem", () => {
    const ack = { t: "ack" as const, challenge: "c1" };
    expect(answerProblem(base, ack, "c1", true)).toBeUndefined();
    expect(answerProblem(base, ack, "c2", true)).toBe("handshake answer to another dial (challenge mismatch)");
    expect(answerProblem({ ...base, bound: false }, ack, "c1", true)).toBe("handshake answer not bound to this node's session");
    expect(answerProblem({ ...base, bound: false }, ack, "c1", false)).toBeUndefined();
    expect(answerProblem(base, { t: "hello", challenge: "c1" }, "c1", true)).toBe("hello received on a link this node dialled");
  });
});
