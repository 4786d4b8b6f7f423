// RpcClient over a real loopback HTTP server (TCP and unix socket): calls, faults, Basic auth,
// refused connection, missing socket file, and the log-tail stream.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Faults, RpcFault } from "../../../src/api/faults.ts";
import { decodeCall, encodeFault, encodeResponse } from "../../../src/api/xmlrpc/codec.ts";
import { ConnectionError, HttpStatusError, RpcClient } from "../../../src/cli/ctl/client.ts";
import { waitFor } from "./fake-client.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ctl-client-"));
const socketPath = path.join(dir, "s.sock");
const seen: Array<{ method: string; params: unknown[]; auth: string | undefined; host: string | undefined }> = [];
let tailResponse: http.ServerResponse | null = null;

function handler(req: http.IncomingMessage, res: http.ServerResponse): void {
  if (req.method === "GET") {
    if (req.url !== "/logtail/web/stdout") {
      res.writeHead(404, { "Content-Type": "text/html" });
      res.end("not found");
      return;
    }
    res.writeHead(200, { "Content-Type": "text/plain;charset=utf-8" });
    res.write("first\n");
    // A two-byte character split over two chunks must come out whole.
    const euro = Buffer.from("€\n", "utf8");
    res.write(euro.subarray(0, 1));
    res.write(euro.subarray(1));
    tailResponse = res;
    return;
  }
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    const call = decodeCall(body);
    seen.push({ method: call.method, params: call.params, auth: req.headers.authorization, host: req.headers.host });
    const wanted = "Basic " + Buffer.from("user:123").toString("base64");
    if (call.method === "secret.get" && req.headers.authorization !== wanted) {
      res.writeHead(401, { "WWW-Authenticate": 'Basic realm="default"' });
      res.end();
      return;
    }
    res.writeHead(200, { "Content-Type": "text/xml" });
    if (call.method === "supervisor.startProcess") res.end(encodeFault(Faults.BAD_NAME, `BAD_NAME: ${call.params[0]}`));
    else res.end(encodeResponse({ echo: call.params, method: call.method }));
  });
}

const tcp = http.createServer(handler);
const unix = http.createServer(handler);
let url = "";

beforeAll(async () => {
  await new Promise<void>((r) => tcp.listen(0, "127.0.0.1", r));
  await new Promise<void>((r) => unix.listen(socketPath, r));
  url = `http://127.0.0.1:${(tcp.address() as AddressInfo).port}`;
});
afterAll(async () => {
  tcp.closeAllConnections();
  unix.closeAllConnections();
  await new Promise((r) => tcp.close(r));
  await new Promise((r) => unix.close(r));
  fs.rmSync(dir, { recursive: true, force: true });
});

const noAuth = { username: null, password: null };

describe("RpcClient.call", () => {
  test("one POST to /RPC2 with the encoded call, decoded answer", async () => {
    const answer = await new RpcClient(url, noAuth).call("supervisor.getProcessInfo", "web", 3);
    expect(answer).toEqual({ echo: ["web", 3], method: "supervisor.getProcessInfo" });
    expect(seen[seen.length - 1]!.auth).toBeUndefined();
  });
  test("a fault answer throws RpcFault with code and string", async () => {
    const err = await new RpcClient(url, noAuth).call("supervisor.startProcess", "nosuch").catch((e) => e);
    expect(err).toBeInstanceOf(RpcFault);
    expect(err.code).toBe(Faults.BAD_NAME);
    expect(err.faultString).toBe("BAD_NAME: nosuch");
  });
  test("Basic auth: 401 without or with wrong credentials, answer with the right ones", async () => {
    const none = await new RpcClient(url, noAuth).call("secret.get").catch((e) => e);
    expect(none).toBeInstanceOf(HttpStatusError);
    expect([none.status, none.reason]).toEqual([401, "Unauthorized"]);
    const wrong = await new RpcClient(url, { username: "user", password: "bad" }).call("secret.get").catch((e) => e);
    expect(wrong.status).toBe(401);
    expect(await new RpcClient(url, { username: "user", password: "123" }).call("secret.get")).toMatchObject({ method: "secret.get" });
  });
  test("credentials are sent only when both are known", async () => {
    await new RpcClient(url, { username: "user", password: null }).call("x.y");
    expect(seen[seen.length - 1]!.auth).toBeUndefined();
  });
  test("over a unix socket, Host is localhost", async () => {
    expect(await new RpcClient(`unix://${socketPath}`, noAuth).call("a.b")).toMatchObject({ method: "a.b" });
    expect(seen[seen.length - 1]!.host).toBe("localhost");
  });
  test("refused connection", async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const err = await new RpcClient(`http://127.0.0.1:${port}`, noAuth).call("a.b").catch((e) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.kind).toBe("refused");
  });
  test("missing socket file", async () => {
    const err = await new RpcClient(`unix://${dir}/none.sock`, noAuth).call("a.b").catch((e) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.kind).toBe("nofile");
  });
  test("an unknown scheme is refused like supervisorctl's transport", async () => {
    await expect(new RpcClient("ftp://x", noAuth).call("a.b")).rejects.toThrow("Unknown protocol for serverurl ftp://x");
  });
});

describe("RpcClient.streamTail", () => {
  test("chunks arrive as text until close()", async () => {
    let text = "";
    const stream = new RpcClient(url, noAuth).streamTail("/logtail/web/stdout", (s) => (text += s));
    await waitFor(() => text === "first\n€\n", 2000, "streamed text");
    tailResponse!.write("more\n");
    await waitFor(() => text.endsWith("more\n"), 2000, "later chunk");
    stream.close();
    await stream.done;
  });
  test("the server ending the stream ends it", async () => {
    let text = "";
    const stream = new RpcClient(`unix://${socketPath}`, noAuth).streamTail("/logtail/web/stdout", (s) => (text += s));
    await waitFor(() => text.startsWith("first"), 2000, "first chunk");
    tailResponse!.end("bye\n");
    await stream.done;
    expect(text.endsWith("bye\n")).toBe(true);
  });
  test("a non-200 answer rejects with its status", async () => {
    const stream = new RpcClient(url, noAuth).streamTail("/logtail/nosuch/stdout", () => {});
    const err = await stream.done.catch((e) => e);
    expect(err).toBeInstanceOf(HttpStatusError);
    expect(err.status).toBe(404);
  });
});
