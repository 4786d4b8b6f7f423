// The transport's link health counters, between two real TCP transports on 127.0.0.1: link up,
// frames sent and received, last-frame age, reconnections, rejected frames (from a known peer and
// from a stranger).

import { afterEach, expect, test } from "bun:test";
import type { TcpTransport } from "../../../src/cluster/net/tcp-transport.ts";
import type { PeerLinkStats } from "../../../src/cluster/net/index.ts";
import { identity, PortBook, Recorder, startTcp, waitFor } from "../cluster/net/helpers.ts";
import { RawPeer } from "../cluster/net/raw-peer.ts";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tcp(...args: Parameters<typeof startTcp>): Promise<TcpTransport> {
  const transport = await startTcp(...args);
  cleanups.push(() => transport.close());
  return transport;
}

function peerOf(transport: TcpTransport, identifier: string): PeerLinkStats | undefined {
  return transport.linkStats().peers.find((p) => p.identifier === identifier);
}

const aId = identity("alpha", 7301);
const bId = identity("bravo", 7302);

test("frames sent and received are counted at both ends, with the age of the last one", async () => {
  const book = new PortBook();
  const a = await tcp(aId, book);
  const b = await tcp(bId, book);
  const rb = new Recorder(b);
  a.connect(bId, "127.0.0.1");
  for (let i = 0; i < 3; i += 1) a.send(bId.identifier, { n: i });
  await waitFor("three frames at bravo", () => rb.payloadsFrom(aId.identifier).length === 3);
  expect(peerOf(a, bId.identifier)).toMatchObject({ up: true, reconnections: 0, framesSent: 3, framesReceived: 0, framesRejected: 0, lastFrameAgeSeconds: null });
  const atB = peerOf(b, aId.identifier)!;
  expect(atB).toMatchObject({ up: true, reconnections: 0, framesSent: 0, framesReceived: 3, framesRejected: 0 });
  expect(atB.lastFrameAgeSeconds).toBeGreaterThanOrEqual(0);
  expect(atB.lastFrameAgeSeconds).toBeLessThan(5);
  expect(a.linkStats().rejectedFromUnknown).toBe(0);
});

test("a link that comes up again counts one reconnection; down in between", async () => {
  const book = new PortBook();
  const a = await tcp(aId, book);
  await tcp(bId, book);
  const ra = new Recorder(a);
  a.connect(bId, "127.0.0.1");
  await waitFor("first link up", () => ra.linkUps(bId.identifier) === 1);
  a.forget(bId.identifier);
  await waitFor("link down", () => peerOf(a, bId.identifier)?.up === false);
  expect(peerOf(a, bId.identifier)?.reconnections).toBe(0);
  a.connect(bId, "127.0.0.1");
  await waitFor("second link up", () => ra.linkUps(bId.identifier) === 2);
  expect(peerOf(a, bId.identifier)).toMatchObject({ up: true, reconnections: 1 });
});

test("a frame with a wrong key counts against the peer it claims to be when known, else as unknown", async () => {
  const book = new PortBook();
  const b = await tcp(bId, book, { peerKey: "right key" });
  // bravo knows alpha (told where it lives), not charlie.
  b.connect(aId, "127.0.0.1:1");
  const forged = new RawPeer(b.port, aId, "wrong key");
  cleanups.push(() => forged.destroy());
  await waitFor("connected", () => forged.connected);
  forged.write(forged.encode("control", { t: "hello", challenge: "c" }));
  await waitFor("alpha's forged frame counted", () => peerOf(b, aId.identifier)?.framesRejected === 1);
  const stranger = new RawPeer(b.port, identity("charlie", 7303), "wrong key");
  cleanups.push(() => stranger.destroy());
  await waitFor("connected", () => stranger.connected);
  stranger.write(stranger.encode("control", { t: "hello", challenge: "c" }));
  await waitFor("the stranger's frame counted apart", () => b.linkStats().rejectedFromUnknown === 1);
  expect(peerOf(b, "127.0.0.1:7303")).toBeUndefined();
});

test("a peer that dialled in, never asked for, is forgotten once its link is down", async () => {
  const book = new PortBook();
  const a = await startTcp(aId, book);
  const b = await tcp(bId, book);
  const rb = new Recorder(b);
  a.connect(bId, "127.0.0.1");
  await waitFor("link up at bravo", () => rb.linkUps(aId.identifier) === 1);
  expect(peerOf(b, aId.identifier)?.up).toBe(true);
  await a.close();
  await waitFor("alpha gone from bravo's table", () => peerOf(b, aId.identifier) === undefined);
});
