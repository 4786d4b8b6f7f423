// TcpTransport beyond the shared contract: the wire protocol under attack or misuse, single links
// under simultaneous dials, reconnection, and the bounded send queue. All on 127.0.0.1.

import { afterEach, expect, test } from "bun:test";
import { connect } from "node:net";
import type { TcpTransport } from "../../../../src/cluster/net/tcp-transport.ts";
import { identity, LogLines, observe, PortBook, Recorder, startTcp, waitFor } from "./helpers.ts";
import { RawPeer } from "./raw-peer.ts";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tcp(...args: Parameters<typeof startTcp>): Promise<TcpTransport> {
  const transport = await startTcp(...args);
  cleanups.push(() => transport.close());
  return transport;
}

function raw(port: number, ...rest: ConstructorParameters<typeof RawPeer> extends [number, ...infer R] ? R : never): RawPeer {
  const peer = new RawPeer(port, ...rest);
  cleanups.push(() => peer.destroy());
  return peer;
}

const aId = identity("alpha", 7201);
const bId = identity("bravo", 7202);

test("garbage on the stream closes the connection with a rejection naming the address", async () => {
  const logs = new LogLines();
  const b = await tcp(bId, new PortBook(), { log: logs.log });
  const rb = new Recorder(b);
  const socket = connect({ host: "127.0.0.1", port: b.port });
  let closed = false;
  socket.on("close", () => (closed = true));
  socket.on("error", () => {});
  cleanups.push(() => socket.destroy());
  socket.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  await waitFor("server closes the socket", () => closed);
  expect(rb.of("rejected")).toEqual([{ type: "rejected", sender: "127.0.0.1", reason: "garbage on the stream: not a Flotilla peer frame (bad magic)" }]);
  expect(logs.has("peer frame from 127.0.0.1 (127.0.0.1) rejected: garbage on the stream")).toBe(true);
});

test("a frame declared larger than the limit is refused from its prefix", async () => {
  const b = await tcp(bId, new PortBook(), { maxFrameBytes: 4096 });
  const rb = new Recorder(b);
  const peer = raw(b.port, aId);
  await waitFor("connected", () => peer.connected);
  const big = peer.encode("control", { t: "hello", challenge: "x".repeat(30), pad: "p".repeat(10_000) });
  peer.write(big.subarray(0, 10));
  await waitFor("socket closed", () => peer.closed);
  expect(rb.of("rejected")[0].reason).toBe(`garbage on the stream: frame of ${big.length} bytes exceeds the limit of 4096`);
});

test("simultaneous connects settle on one link, the same one at both ends", async () => {
  const logs = new LogLines();
  for (let round = 0; round < 20; round += 1) {
    const book = new PortBook();
    const a = await tcp(aId, book, { log: logs.log });
    const b = await tcp(bId, book, { log: logs.log });
    const ra = new Recorder(a);
    const rb = new Recorder(b);
    a.connect(bId, "127.0.0.1");
    b.connect(aId, "127.0.0.1");
    a.send(bId.identifier, { from: "a" });
    b.send(aId.identifier, { from: "b" });
    await waitFor("frames both ways", () => ra.payloadsFrom(bId.identifier).length === 1 && rb.payloadsFrom(aId.identifier).length === 1);
    await observe(30);
    expect([ra.linkUps(bId.identifier), rb.linkUps(aId.identifier)]).toEqual([1, 1]);
    expect([ra.linkDowns(bId.identifier), rb.linkDowns(aId.identifier)]).toEqual([0, 0]);
    // One connection survives: dialled by one end, accepted by the other.
    expect([a.linkDirection(bId.identifier), b.linkDirection(aId.identifier)].sort()).toEqual(["in", "out"]);
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  }
  // The race itself happened: both hellos crossed and the duplicate was refused.
  expect(logs.has("refused: duplicate link: keeping the one dialled by the smaller identifier")).toBe(true);
});

test("a frame sent right before the peer is forgotten still reaches it (a refusal the peer must read)", async () => {
  const book = new PortBook();
  const a = await tcp(aId, book, { peerKey: "k" });
  const b = await tcp(bId, book, { peerKey: "k" });
  const ra = new Recorder(a);
  const rb = new Recorder(b);
  a.connect(bId, "127.0.0.1");
  await waitFor("linked", () => ra.linkUps(bId.identifier) === 1 && rb.linkUps(aId.identifier) === 1);
  // In one turn, as the core does when it isolates a peer: the answer, then the link dropped.
  a.send(bId.identifier, { answer: "isolated" });
  a.forget(bId.identifier);
  await waitFor("the last frame delivered", () => rb.payloadsFrom(aId.identifier).length === 1);
  expect(rb.payloadsFrom(aId.identifier)).toEqual([{ answer: "isolated" }]);
});

test("a dial made before the peer listens succeeds once it does, with backoff", async () => {
  const book = new PortBook();
  const probe = await startTcp(bId, book);
  const port = probe.port;
  await probe.close();
  const a = await tcp(aId, book);
  const ra = new Recorder(a);
  a.connect(bId, `127.0.0.1:${port}`);
  await observe(100);
  expect(ra.linkUps(bId.identifier)).toBe(0);
  const b = await tcp(bId, book, {}, port);
  const rb = new Recorder(b);
  await waitFor("linkUp after the listener started", () => ra.linkUps(bId.identifier) === 1 && rb.linkUps(aId.identifier) === 1);
});

test("reconnection after the listener restarts, keyed", async () => {
  const book = new PortBook();
  const a = await tcp(aId, book, { peerKey: "k" });
  const b1 = await tcp(bId, book, { peerKey: "k" });
  const ra = new Recorder(a);
  a.connect(bId, "127.0.0.1");
  await waitFor("first linkUp", () => ra.linkUps(bId.identifier) === 1);
  await b1.close();
  await waitFor("linkDown", () => ra.linkDowns(bId.identifier) === 1);
  a.send(bId.identifier, { queued: "while down" });
  const b2 = await tcp(bId, book, { peerKey: "k" }, book.ports.get(bId.identifier));
  const rb2 = new Recorder(b2);
  await waitFor("queued frame delivered after reconnection", () => rb2.payloadsFrom(aId.identifier).length === 1);
  expect(rb2.payloadsFrom(aId.identifier)).toEqual([{ queued: "while down" }]);
  expect(ra.linkUps(bId.identifier)).toBe(2);
});

test("a wrong key never links, and the listener logs the sender it refused", async () => {
  const book = new PortBook();
  const logs = new LogLines();
  const a = await tcp(aId, book, { peerKey: "one" });
  const b = await tcp(bId, book, { peerKey: "two", log: logs.log });
  const ra = new Recorder(a);
  const rb = new Recorder(b);
  a.connect(bId, "127.0.0.1");
  await waitFor("rejection at b", () => rb.of("rejected").length > 0);
  expect(rb.of("rejected")[0]).toEqual({ type: "rejected", sender: aId.identifier, reason: "HMAC mismatch (wrong peer_key, or the frame was altered)" });
  expect(logs.has(`peer frame from ${aId.identifier} (127.0.0.1) rejected: HMAC mismatch`)).toBe(true);
  await observe(150);
  expect(ra.linkUps(bId.identifier) + rb.linkUps(aId.identifier)).toBe(0);
});

test("an unkeyed node cannot join a keyed one", async () => {
  const book = new PortBook();
  const a = await tcp(aId, book);
  const b = await tcp(bId, book, { peerKey: "secret" });
  const rb = new Recorder(b);
  a.connect(bId, "127.0.0.1");
  await waitFor("rejection at b", () => rb.of("rejected").length > 0);
  expect(rb.of("rejected")[0]).toEqual({ type: "rejected", sender: aId.identifier, reason: "unauthenticated frame (no HMAC) but this node requires peer_key" });
  expect(rb.linkUps(aId.identifier)).toBe(0);
});

test("a link is not made when someone else answers at the peer's address", async () => {
  const book = new PortBook();
  const logs = new LogLines();
  const a = await tcp(aId, book, { log: logs.log });
  const b = await tcp(bId, book);
  const ra = new Recorder(a);
  const impostor = identity("charlie", 7203);
  a.connect(impostor, `127.0.0.1:${b.port}`);
  await waitFor("mismatch logged", () => logs.has(`expected ${impostor.identifier} at 127.0.0.1 but ${bId.identifier} answered`));
  expect(ra.linkUps(impostor.identifier)).toBe(0);
});

test("on an established link, a frame claiming another identity is rejected and the link closed", async () => {
  const b = await tcp(bId, new PortBook(), { peerKey: "k" });
  const rb = new Recorder(b);
  const peer = raw(b.port, aId, "k");
  const listenerSession = await peer.handshake();
  await waitFor("linkUp", () => rb.linkUps(aId.identifier) === 1);
  peer.write(peer.encode("data", { n: 1 }, listenerSession));
  await waitFor("first frame", () => rb.payloadsFrom(aId.identifier).length === 1);
  peer.write(peer.encode("data", { n: 2 }, listenerSession, identity("mallory", 7666)));
  await waitFor("link closed", () => peer.closed && rb.linkDowns(aId.identifier) === 1);
  expect(rb.of("rejected")).toEqual([{ type: "rejected", sender: "127.0.0.1:7666", reason: `frame claims 127.0.0.1:7666 on the link of ${aId.identifier}` }]);
  expect(rb.payloadsFrom(aId.identifier)).toEqual([{ n: 1 }]);
});

test("a replayed data frame is rejected, on the same link or a new one", async () => {
  const b = await tcp(bId, new PortBook(), { peerKey: "k" });
  const rb = new Recorder(b);
  const peer = raw(b.port, aId, "k");
  const listenerSession = await peer.handshake();
  const captured = peer.encode("data", { pay: 100 }, listenerSession);
  peer.write(captured);
  await waitFor("frame delivered", () => rb.payloadsFrom(aId.identifier).length === 1);
  peer.write(captured);
  await waitFor("rejected", () => rb.of("rejected").length === 1);
  expect(rb.of("rejected")[0]).toEqual({ type: "rejected", sender: aId.identifier, reason: "replayed frame (sequence 1, already at 1)" });
  // A new connection with a fresh hello (same sender run) cannot replay it either.
  const again = raw(b.port, aId, "k");
  Object.assign(again, { session: peer.session });
  await again.handshake();
  again.write(captured);
  await waitFor("second rejection", () => rb.of("rejected").length === 2);
  expect(rb.of("rejected")[1].reason).toBe("replayed frame (sequence 1, already at 1)");
  expect(rb.payloadsFrom(aId.identifier)).toEqual([{ pay: 100 }]);
});

test("a data frame that TCP delivers long after it was sent is taken, not refused as a replay", async () => {
  // A lossy path can hold a frame in retransmission for tens of seconds (36 s in a soak at 20 %
  // loss); the link's session binding and sequence numbers refuse replays without a clock window.
  let clock = Date.now();
  const b = await tcp(bId, new PortBook(), { peerKey: "k", now: () => clock });
  const rb = new Recorder(b);
  const peer = raw(b.port, aId, "k");
  const listenerSession = await peer.handshake();
  const late = peer.encode("data", { pay: "late" }, listenerSession);
  clock += 120_000;
  peer.write(late);
  await waitFor("late frame delivered", () => rb.payloadsFrom(aId.identifier).length === 1);
  expect(rb.of("rejected")).toEqual([]);
  expect(rb.linkDowns(aId.identifier)).toBe(0);
});

test("a captured hello replayed later is refused", async () => {
  const b = await tcp(bId, new PortBook(), { peerKey: "k" });
  const rb = new Recorder(b);
  const peer = raw(b.port, aId, "k");
  await waitFor("connected", () => peer.connected);
  const hello = peer.encode("control", { t: "hello", challenge: "c" });
  peer.write(hello);
  await waitFor("linkUp", () => rb.linkUps(aId.identifier) === 1);
  const attacker = raw(b.port, aId, "k");
  await waitFor("attacker connected", () => attacker.connected);
  attacker.write(hello);
  await waitFor("attacker refused", () => attacker.closed);
  expect(rb.of("rejected").map((e) => e.reason)).toEqual(["replayed frame (sequence 1, already at 1)"]);
  expect(rb.linkDowns(aId.identifier)).toBe(0);
});

test("a hello with this node's own identifier is refused", async () => {
  const logs = new LogLines();
  const b = await tcp(bId, new PortBook(), { log: logs.log });
  const peer = raw(b.port, bId);
  await waitFor("connected", () => peer.connected);
  peer.write(peer.encode("control", { t: "hello", challenge: "c" }));
  const answer = await waitFor("refusal", () => peer.frames[0]);
  expect(answer.payload).toEqual({ t: "refuse", challenge: "c", reason: `identifier ${bId.identifier} is this node's own` });
  expect(logs.has(`claims this node's own identifier ${bId.identifier}`)).toBe(true);
});

test("frames for a peer without a link are queued up to the bound, oldest dropped and logged", async () => {
  const book = new PortBook();
  const logs = new LogLines();
  const a = await tcp(aId, book, { maxQueuedFrames: 3, log: logs.log });
  const b = await tcp(bId, book);
  const rb = new Recorder(b);
  for (let n = 1; n <= 10; n += 1) a.send(bId.identifier, { n });
  expect(logs.has(`send queue for ${bId.identifier} is full (3 frames`)).toBe(true);
  a.connect(bId, "127.0.0.1");
  await waitFor("three frames", () => rb.payloadsFrom(aId.identifier).length === 3);
  expect(rb.payloadsFrom(aId.identifier)).toEqual([{ n: 8 }, { n: 9 }, { n: 10 }]);
  expect(logs.has(`7 frames to ${bId.identifier} were dropped while its link was down or full`)).toBe(true);
});

test("a peer that stops reading gets its link closed instead of unbounded buffering", async () => {
  const a = await tcp(aId, new PortBook(), { maxQueuedBytes: 1 << 20 });
  const ra = new Recorder(a);
  const peer = raw(a.port, bId);
  await peer.handshake();
  peer.socket.pause();
  await waitFor("linkUp", () => ra.linkUps(bId.identifier) === 1);
  const chunk = "z".repeat(100_000);
  for (let n = 0; n < 400 && ra.linkDowns(bId.identifier) === 0; n += 1) a.send(bId.identifier, { n, chunk });
  await waitFor("linkDown", () => ra.of("linkDown")[0]);
  expect(ra.of("linkDown")[0].reason).toBe("peer not reading: send queue full");
});

test("a forgotten peer's dials are refused", async () => {
  const a = await tcp(aId, new PortBook());
  const ra = new Recorder(a);
  a.forget(bId.identifier);
  const peer = raw(a.port, bId);
  await waitFor("connected", () => peer.connected);
  peer.write(peer.encode("control", { t: "hello", challenge: "c" }));
  const answer = await waitFor("refusal", () => peer.frames[0]);
  expect(answer.payload).toEqual({ t: "refuse", challenge: "c", reason: `${bId.identifier} is isolated by this node` });
  expect(ra.linkUps(bId.identifier)).toBe(0);
  expect(a.linkDirection(bId.identifier)).toBeUndefined();
});

test("payloads that cannot travel are logged and not sent; the link carries on", async () => {
  const book = new PortBook();
  const logs = new LogLines();
  const a = await tcp(aId, book, { log: logs.log, maxFrameBytes: 2048 });
  const b = await tcp(bId, book, { maxFrameBytes: 2048 });
  const rb = new Recorder(b);
  a.connect(bId, "127.0.0.1");
  a.send(bId.identifier, { big: "x".repeat(3000) });
  a.send(bId.identifier, { n: 1n });
  a.send(bId.identifier, undefined);
  a.send(bId.identifier, { ok: true });
  await waitFor("the good frame", () => rb.payloadsFrom(aId.identifier).length === 1);
  expect(rb.payloadsFrom(aId.identifier)).toEqual([{ ok: true }]);
  expect(logs.lines.filter((line) => line.startsWith(`error: frame to ${bId.identifier} not sent`))).toHaveLength(3);
  expect(logs.has("exceeds the limit of 2048")).toBe(true);
  expect(rb.linkDowns(aId.identifier)).toBe(0);
});
