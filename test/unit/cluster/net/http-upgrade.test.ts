// Peer links over each node's inet HTTP port (HTTP Upgrade): TcpTransports without a listener of
// their own, adopted by real Supervisor-compatible HTTP servers on 127.0.0.1. The shared Transport
// contract holds over them; wrong credentials and plain requests are turned away; /RPC2 still
// answers on the same port while links are up.

import { afterEach, describe, expect, test } from "bun:test";
import { startHttpServers, type HttpServers } from "../../../../src/api/http/index.ts";
import { readUpgradeReply, upgradeRequest } from "../../../../src/cluster/net/http-upgrade.ts";
import { TcpTransport, type TcpTransportOptions } from "../../../../src/cluster/net/tcp-transport.ts";
import type { PeerIdentity, Transport } from "../../../../src/cluster/transport.ts";
import { fakeLogs, inetConfig, rawRequest, testRegistry } from "../../http/helpers.ts";
import { runTransportConformance } from "../transport-conformance.ts";
import { fastTimings, identity, LogLines, Recorder, waitFor } from "./helpers.ts";

type Auth = { username: string; password: string } | null;

/** A node: an HTTP server whose upgrade hook hands sockets to whichever transport is current. */
interface Node {
  id: PeerIdentity;
  http: HttpServers;
  /** Swapped by reopen: the server outlives the transport, as in the daemon. */
  transport: TcpTransport | null;
}

async function startNode(nick: string, auth: Auth): Promise<Node> {
  const holder: { transport: TcpTransport | null } = { transport: null };
  const http = await startHttpServers({
    inet: inetConfig(auth),
    unix: null,
    registry: testRegistry(),
    logs: fakeLogs({}, null),
    upgrade: (_req, socket, head) => holder.transport?.adopt(socket, head) ?? false,
  });
  const node = { id: identity(nick, http.inetAddress!.port), http, get transport() { return holder.transport; }, set transport(t) { holder.transport = t; } };
  return node;
}

function openTransport(node: Node, dialAuth: Auth, extra: Partial<TcpTransportOptions> = {}): TcpTransport {
  const transport = new TcpTransport({
    identity: node.id,
    listenHost: "127.0.0.1",
    listenPort: node.id.httpPort,
    listen: false,
    httpUpgrade: { credentials: dialAuth },
    ...fastTimings,
    ...extra,
  });
  node.transport = transport;
  return transport;
}

const AUTH = { username: "cluster", password: "s3cret" };

for (const [label, auth, extra] of [
  ["open servers, no key", null, {}],
  ["Basic auth and peer_key", AUTH, { peerKey: "upgrade secret" }],
] as const) {
  runTransportConformance(`TcpTransport over HTTP upgrade (${label})`, async () => {
    const na = await startNode("alpha", auth);
    const nb = await startNode("bravo", auth);
    const opened: Transport[] = [openTransport(na, auth, extra), openTransport(nb, auth, extra)];
    return {
      a: opened[0]!,
      b: opened[1]!,
      aId: na.id,
      bId: nb.id,
      reopenB: async () => {
        const again = openTransport(nb, auth, extra);
        opened.push(again);
        return again;
      },
      cleanup: async () => {
        await Promise.all(opened.map((t) => t.close()));
        await Promise.all([na.http.close(), nb.http.close()]);
      },
    };
  });
}

describe("peer links over the inet HTTP port", () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function node(nick: string, auth: Auth): Promise<Node> {
    const n = await startNode(nick, auth);
    cleanups.push(() => n.http.close());
    return n;
  }

  function transport(n: Node, dialAuth: Auth, extra: Partial<TcpTransportOptions> = {}): TcpTransport {
    const t = openTransport(n, dialAuth, extra);
    cleanups.push(() => t.close());
    return t;
  }

  test("the exchange on the wire: 101 with the peer protocol, then frames", async () => {
    const b = await node("bravo", AUTH);
    transport(b, AUTH, { helloTimeoutMs: 200 });
    const request = upgradeRequest("127.0.0.1", b.id.httpPort, AUTH);
    expect(request).toBe(
      `GET /flotilla/peer HTTP/1.1\r\nHost: 127.0.0.1:${b.id.httpPort}\r\nConnection: Upgrade\r\nUpgrade: flotilla-peer\r\n` +
        `Authorization: Basic ${Buffer.from("cluster:s3cret").toString("base64")}\r\n\r\n`,
    );
    // No hello is sent, so the node closes the link after its hello timeout; the 101 comes first.
    const answer = await rawRequest({ port: b.id.httpPort }, request);
    expect(answer.headers).toBe("HTTP/1.1 101 Switching Protocols\r\nUpgrade: flotilla-peer\r\nConnection: Upgrade");
    const reply = readUpgradeReply(Buffer.from(`${answer.headers}\r\n\r\nXY`));
    expect(reply).toEqual({ state: "accepted", rest: new Uint8Array(Buffer.from("XY")) });
  });

  test("wrong credentials: 401, and every dial fails with the status line as its reason", async () => {
    const a = await node("alpha", AUTH);
    const b = await node("bravo", AUTH);
    const logs = new LogLines();
    const ta = transport(a, { username: "cluster", password: "wrong" }, { log: logs.log });
    const tb = transport(b, AUTH);
    const ra = new Recorder(ta);
    const rb = new Recorder(tb);
    const wrong = upgradeRequest("127.0.0.1", b.id.httpPort, { username: "cluster", password: "wrong" });
    const raw = await rawRequest({ port: b.id.httpPort }, wrong);
    expect(raw.status).toBe(401);
    expect(raw.headers).toContain('WWW-Authenticate: Basic realm="default"');
    expect(raw.body).toContain("<p>Error code 401.");
    ta.connect(b.id, b.id.host);
    const reason = `HTTP upgrade refused by 127.0.0.1:${b.id.httpPort}: HTTP/1.1 401 Unauthorized`;
    await waitFor("three failed dials", () => logs.lines.filter((l) => l.includes(`ended: ${reason}`)).length >= 3);
    // The first failure of the series is a warning, the retries are not.
    expect(logs.lines.filter((l) => l.startsWith("warn: ") && l.includes(reason)).length).toBe(1);
    expect(ra.of("linkUp")).toEqual([]);
    expect(rb.of("linkUp")).toEqual([]);
  });

  test("a node whose transport does not take the socket answers 404", async () => {
    const b = await node("bravo", null);
    const t = transport(b, null);
    await t.close();
    const raw = await rawRequest({ port: b.id.httpPort }, upgradeRequest("127.0.0.1", b.id.httpPort));
    expect(raw.status).toBe(404);
  });

  test("GET /flotilla/peer without Upgrade, or an upgrade elsewhere, is 404", async () => {
    const b = await node("bravo", null);
    transport(b, null);
    const plain = await rawRequest({ port: b.id.httpPort }, "GET /flotilla/peer HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    expect(plain.status).toBe(404);
    expect(plain.body).toContain("<p>Error code 404.");
    const elsewhere = await rawRequest(
      { port: b.id.httpPort },
      "GET /RPC2 HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: flotilla-peer\r\n\r\n",
    );
    expect(elsewhere.status).toBe(404);
    const otherProtocol = await rawRequest(
      { port: b.id.httpPort },
      "GET /flotilla/peer HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n",
    );
    expect(otherProtocol.status).toBe(404);
  });

  test("/RPC2 answers on the same port while the links are up", async () => {
    const a = await node("alpha", AUTH);
    const b = await node("bravo", AUTH);
    const ta = transport(a, AUTH);
    const tb = transport(b, AUTH);
    const ra = new Recorder(ta);
    const rb = new Recorder(tb);
    ta.connect(b.id, b.id.host);
    await waitFor("linkUp on both sides", () => ra.linkUps(b.id.identifier) === 1 && rb.linkUps(a.id.identifier) === 1);
    const body = '<?xml version="1.0"?><methodCall><methodName>supervisor.getAPIVersion</methodName><params/></methodCall>';
    const response = await fetch(`http://127.0.0.1:${b.id.httpPort}/RPC2`, {
      method: "POST",
      headers: { "Content-Type": "text/xml", Authorization: `Basic ${Buffer.from("cluster:s3cret").toString("base64")}` },
      body,
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("<string>3.0</string>");
    ta.send(b.id.identifier, { still: "linked" });
    await waitFor("frame after the RPC call", () => rb.payloadsFrom(a.id.identifier).length === 1);
    expect(ra.of("linkDown")).toEqual([]);
  });

  test("closing the HTTP server ends the links it carries", async () => {
    const a = await node("alpha", null);
    const b = await startNode("bravo", null);
    const ta = transport(a, null);
    const tb = openTransport(b, null);
    cleanups.push(() => tb.close());
    const ra = new Recorder(ta);
    ta.connect(b.id, b.id.host);
    await waitFor("linkUp at a", () => ra.linkUps(b.id.identifier) === 1);
    // Only b's server goes: the link a dialled into it must end with it, and close() must not hang.
    await b.http.close();
    await waitFor("linkDown at a", () => ra.linkDowns(b.id.identifier) === 1);
  });
});
