// Multicast discovery between transports in this process, pinned to 127.0.0.1 (shared/platform-notes.md:
// with the interface pinned, group traffic stays on loopback; TTL 1). No datagram leaves the machine.

import { afterEach, expect, test } from "bun:test";
import { createSocket, type Socket } from "node:dgram";
import { randomInt } from "node:crypto";
import { readFileSync } from "node:fs";
import { encodeFrame } from "../../../../src/cluster/net/frame.ts";
import { createNetTransport, type NetTransport, type NetTransportOptions } from "../../../../src/cluster/net/index.ts";
import { SenderSession } from "../../../../src/cluster/net/session.ts";
import type { PeerIdentity } from "../../../../src/cluster/transport.ts";
import { fastTimings, identity, LogLines, observe, PortBook, Recorder, waitFor } from "./helpers.ts";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A group and port of their own for each test, so parallel runs do not hear each other. */
function freshGroup(): { group: string; port: number } {
  return { group: `239.255.${randomInt(1, 255)}.${randomInt(1, 255)}`, port: randomInt(20_000, 60_000) };
}

async function node(id: PeerIdentity, group: { group: string; port: number }, extra: Partial<NetTransportOptions> = {}): Promise<NetTransport> {
  const transport = await createNetTransport({
    identity: id,
    listenHost: "127.0.0.1",
    listenPort: 0,
    // Ports must come from the announcements: this rule would send dials nowhere.
    peerPortOf: new PortBook().peerPortOf,
    multicast: { ...group, interface: "127.0.0.1", ttl: 1 },
    ...fastTimings,
    ...extra,
  });
  cleanups.push(() => transport.close());
  return transport;
}

/** A bare UDP socket sending to the group through loopback, for datagrams no transport would send. */
async function rawSender(): Promise<Socket> {
  const socket = createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind({ address: "127.0.0.1", port: 0 }, () => resolve()));
  socket.setMulticastInterface("127.0.0.1");
  socket.setMulticastTTL(1);
  cleanups.push(() => socket.close());
  return socket;
}

/** Interfaces on which the kernel holds a membership of `group` (Linux /proc/net/igmp). */
function igmpDevices(group: string): string[] {
  const hex = group.split(".").map((octet) => Number(octet).toString(16).toUpperCase().padStart(2, "0")).reverse().join("");
  const devices: string[] = [];
  let device = "";
  for (const line of readFileSync("/proc/net/igmp", "utf8").split("\n")) {
    const header = /^\d+\s+(\S+)\s*:/.exec(line);
    if (header) device = header[1];
    else if (line.trim().startsWith(hex)) devices.push(device);
  }
  return devices;
}

const aId = identity("alpha", 7301);
const bId = identity("bravo", 7302);
const cId = identity("charlie", 7303);

test("an announcement reaches the other node with its source address, and a link follows", async () => {
  const group = freshGroup();
  const a = await node(aId, group);
  const b = await node(bId, group);
  const ra = new Recorder(a);
  const rb = new Recorder(b);
  a.announce();
  const heard = await waitFor("announce at b", () => rb.of("announce")[0]);
  expect(heard).toEqual({ type: "announce", peer: aId, address: "127.0.0.1" });
  // The core answers an announcement by connecting to the address it came from.
  b.connect(heard.peer, heard.address);
  await waitFor("linkUp both sides", () => ra.linkUps(bId.identifier) === 1 && rb.linkUps(aId.identifier) === 1);
  // A node does not hear itself.
  expect(ra.of("announce")).toEqual([]);
  expect(a.discovers).toBe(true);
  // The kernel holds the group on loopback and on no other interface.
  expect(igmpDevices(group.group)).toEqual(["lo"]);
});

test("a keyed cluster rejects the announcement of an unkeyed node, naming it in the log", async () => {
  const group = freshGroup();
  const logs = new LogLines();
  const a = await node(aId, group, { peerKey: "secret", log: logs.log });
  const c = await node(cId, group);
  const ra = new Recorder(a);
  c.announce();
  const rejected = await waitFor("rejection at a", () => ra.of("rejected")[0]);
  expect(rejected).toEqual({ type: "rejected", sender: cId.identifier, reason: "unauthenticated frame (no HMAC) but this node requires peer_key" });
  expect(logs.has(`discovery datagram from ${cId.identifier} (127.0.0.1) rejected: unauthenticated frame`)).toBe(true);
  expect(ra.of("announce")).toEqual([]);
});

test("keyed nodes with the same key hear each other, with another key they do not", async () => {
  const group = freshGroup();
  const a = await node(aId, group, { peerKey: "k1" });
  const b = await node(bId, group, { peerKey: "k1" });
  const c = await node(cId, group, { peerKey: "k2" });
  const rb = new Recorder(b);
  const rc = new Recorder(c);
  a.announce();
  await waitFor("announce at b", () => rb.of("announce").length === 1);
  await waitFor("rejection at c", () => rc.of("rejected").length === 1);
  expect(rc.of("rejected")[0].reason).toBe("HMAC mismatch (wrong peer_key, or the frame was altered)");
  expect(rc.of("announce")).toEqual([]);
});

test("datagrams over 1024 bytes are rejected, naming the claimed sender", async () => {
  const group = freshGroup();
  const a = await node(aId, group);
  const ra = new Recorder(a);
  const sender = await rawSender();
  const bytes = encodeFrame({
    kind: "discovery",
    sender: cId,
    stamp: new SenderSession().stamp("discovery"),
    payloadJson: JSON.stringify({ peerPort: 1, pad: "p".repeat(1200) }),
  });
  sender.send(bytes, group.port, group.group);
  const rejected = await waitFor("rejection", () => ra.of("rejected")[0]);
  expect(rejected).toEqual({ type: "rejected", sender: cId.identifier, reason: `frame of ${bytes.length} bytes exceeds the limit of 1024` });
});

test("a replayed announcement and a link frame on the discovery channel are rejected", async () => {
  const group = freshGroup();
  const a = await node(aId, group, { peerKey: "k" });
  const ra = new Recorder(a);
  const sender = await rawSender();
  const key = new TextEncoder().encode("k");
  const session = new SenderSession();
  const announcement = encodeFrame({ kind: "discovery", sender: cId, stamp: session.stamp("discovery"), payloadJson: '{"peerPort":9}', key });
  sender.send(announcement, group.port, group.group);
  await waitFor("first announcement", () => ra.of("announce").length === 1);
  sender.send(announcement, group.port, group.group);
  await waitFor("replay rejected", () => ra.of("rejected").length === 1);
  expect(ra.of("rejected")[0]).toEqual({ type: "rejected", sender: cId.identifier, reason: "replayed frame (sequence 1, already at 1)" });
  const data = encodeFrame({ kind: "data", sender: cId, stamp: session.stamp("link"), payloadJson: "{}", key });
  sender.send(data, group.port, group.group);
  await waitFor("data frame rejected", () => ra.of("rejected").length === 2);
  expect(ra.of("rejected")[1].reason).toBe("data frame on the discovery channel");
  expect(ra.of("announce").length).toBe(1);
});

test("another node announcing this node's identifier is reported", async () => {
  const group = freshGroup();
  const a = await node(aId, group);
  const ra = new Recorder(a);
  const sender = await rawSender();
  sender.send(encodeFrame({ kind: "discovery", sender: aId, stamp: new SenderSession().stamp("discovery"), payloadJson: "{}" }), group.port, group.group);
  const rejected = await waitFor("rejection", () => ra.of("rejected")[0]);
  expect(rejected).toEqual({ type: "rejected", sender: aId.identifier, reason: "another node announces this node's own identifier" });
});

test("without multicast_interface and with a host name, multicast refuses to start and frees the peer port", async () => {
  const named: PeerIdentity = { ...aId, host: "node-1" };
  const options: NetTransportOptions = {
    identity: named,
    listenHost: "127.0.0.1",
    listenPort: 0,
    peerPortOf: () => 1,
    multicast: { ...freshGroup(), ttl: 1 },
  };
  await expect(createNetTransport(options)).rejects.toThrow("multicast_interface is not set and the local host 'node-1' is not an IPv4 address");
  // The peer listener opened first was closed again: the same fixed port can be taken at once.
  const probe = await createNetTransport({ identity: aId, listenHost: "127.0.0.1", listenPort: 0, peerPortOf: () => 1 });
  const port = probe.port;
  await probe.close();
  await expect(createNetTransport({ ...options, listenPort: port })).rejects.toThrow("multicast_interface");
  const again = await createNetTransport({ identity: aId, listenHost: "127.0.0.1", listenPort: port, peerPortOf: () => 1 });
  await again.close();
});

test("without a key, starting warns that the cluster is open; without multicast, announce() sends nothing", async () => {
  const logs = new LogLines();
  const group = freshGroup();
  const listener = await node(bId, group);
  const rb = new Recorder(listener);
  const plain = await createNetTransport({ identity: aId, listenHost: "127.0.0.1", listenPort: 0, peerPortOf: () => 1, log: logs.log });
  cleanups.push(() => plain.close());
  expect(logs.has("warn: no peer_key configured")).toBe(true);
  expect(plain.discovers).toBe(false);
  plain.announce();
  await observe(100);
  expect(rb.of("announce")).toEqual([]);
});

test("an interface address no local interface has is refused at start", async () => {
  const start = createNetTransport({
    identity: aId,
    listenHost: "127.0.0.1",
    listenPort: 0,
    peerPortOf: () => 1,
    multicast: { ...freshGroup(), interface: "198.51.100.7", ttl: 1 },
  });
  await expect(start).rejects.toThrow(/cannot join multicast 239\.255\.\d+\.\d+:\d+ on 198\.51\.100\.7/);
});
