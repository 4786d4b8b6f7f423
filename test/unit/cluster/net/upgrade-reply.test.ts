// The HTTP Upgrade exchange as text: the dialler's request, and how the node's answer is read,
// byte by byte as it may arrive, with every way it can go wrong named in the verdict.

import { expect, test } from "bun:test";
import { MAX_UPGRADE_REPLY_BYTES, readUpgradeReply, UPGRADE_ACCEPTED, upgradeRequest } from "../../../../src/cluster/net/http-upgrade.ts";

const bytes = (text: string) => new Uint8Array(Buffer.from(text, "latin1"));

test("the request without credentials has no Authorization; IPv6 hosts are bracketed", () => {
  expect(upgradeRequest("10.0.0.2", 61000)).toBe(
    "GET /flotilla/peer HTTP/1.1\r\nHost: 10.0.0.2:61000\r\nConnection: Upgrade\r\nUpgrade: flotilla-peer\r\n\r\n",
  );
  expect(upgradeRequest("::1", 9001, null)).toContain("Host: [::1]:9001\r\n");
  expect(upgradeRequest("h", 1, { username: "user", password: "p:w" })).toContain(`Authorization: Basic ${Buffer.from("user:p:w").toString("base64")}\r\n`);
});

test("the accepted answer is read whole, even one byte at a time, and bytes after it are kept", () => {
  const text = `${UPGRADE_ACCEPTED}\x46\x4c`;
  for (let cut = 0; cut < UPGRADE_ACCEPTED.length; cut += 1) {
    expect(readUpgradeReply(bytes(text.slice(0, cut)))).toEqual({ state: "partial" });
  }
  expect(readUpgradeReply(bytes(text))).toEqual({ state: "accepted", rest: bytes("\x46\x4c") });
  expect(readUpgradeReply(bytes("HTTP/1.1 101 OK\r\nupgrade:  Flotilla-Peer \r\n\r\n"))).toEqual({ state: "accepted", rest: new Uint8Array(0) });
});

test("anything but 101 to flotilla-peer is refused with the status line", () => {
  expect(readUpgradeReply(bytes("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"default\"\r\n\r\n"))).toEqual({
    state: "refused",
    reason: "HTTP/1.1 401 Unauthorized",
  });
  expect(readUpgradeReply(bytes("HTTP/1.0 404 Not Found\r\n\r\n"))).toEqual({ state: "refused", reason: "HTTP/1.0 404 Not Found" });
  expect(readUpgradeReply(bytes("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n"))).toEqual({
    state: "refused",
    reason: "HTTP/1.1 101 Switching Protocols to protocol 'websocket' instead of 'flotilla-peer'",
  });
  expect(readUpgradeReply(bytes("FLTP\x01garbage"))).toEqual({ state: "refused", reason: "the answer is not HTTP" });
  expect(readUpgradeReply(bytes("HTTP/2 200\r\n\r\n"))).toEqual({ state: "refused", reason: "not an HTTP status line: 'HTTP/2 200'" });
  expect(readUpgradeReply(bytes(`HTTP/1.1 101 x\r\nX: ${"a".repeat(MAX_UPGRADE_REPLY_BYTES)}`))).toEqual({
    state: "refused",
    reason: `answer head longer than ${MAX_UPGRADE_REPLY_BYTES} bytes`,
  });
});
