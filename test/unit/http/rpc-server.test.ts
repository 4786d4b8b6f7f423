// POST /RPC2 through real sockets: status codes (200/400/413/500/404), the extra hook, both
// transports, and two independent clients (npm `xmlrpc`, Python's xmlrpc.client).

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { request } from "node:http";
import xmlrpc from "xmlrpc";
import { startHttpServers, type HttpServers } from "../../../src/api/http/index.ts";
import { decodeResponse, encodeCall } from "../../../src/api/xmlrpc/codec.ts";
import { RpcFault } from "../../../src/api/faults.ts";
import { fakeLogs, inetConfig, rawRequest, tempDir, testRegistry, unixConfig } from "./helpers.ts";
import { pythonUnavailable } from "../xmlrpc/tagged.ts";

const tmp = tempDir();
const sock = `${tmp.dir}/rpc.sock`;
const logLines: string[] = [];
let servers: HttpServers;
let base: string;

beforeAll(async () => {
  servers = await startHttpServers({
    inet: inetConfig(),
    unix: unixConfig(sock),
    registry: testRegistry(),
    logs: fakeLogs({}, null),
    maxBodyBytes: 4096,
    logger: (level, msg) => logLines.push(`${level} ${msg}`),
    extra: async (req) => (new URL(req.url).pathname === "/hello" ? new Response(`hi ${req.headers.get("host")}`) : null),
  });
  base = `http://127.0.0.1:${servers.inetAddress!.port}`;
});

afterAll(async () => {
  await servers.close();
  tmp.cleanup();
});

function post(body: string | Uint8Array, path = "/RPC2"): Promise<Response> {
  return fetch(`${base}${path}`, { method: "POST", body, headers: { "Content-Type": "text/xml" } });
}

describe("status codes", () => {
  test("a result is 200 text/xml", async () => {
    const res = await post(encodeCall("supervisor.getVersion", []));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/xml");
    expect(decodeResponse(await res.text())).toBe("3.0");
  });

  test("any path starting with /RPC2 is the endpoint", async () => {
    const res = await post(encodeCall("supervisor.getVersion", []), "/RPC2/whatever?x=1");
    expect(decodeResponse(await res.text())).toBe("3.0");
  });

  test("a fault is 200 with a fault body", async () => {
    const res = await post(encodeCall("no.such", []));
    expect(res.status).toBe(200);
    try {
      decodeResponse(await res.text());
      throw new Error("no fault");
    } catch (e) {
      expect((e as RpcFault).faultString).toBe("UNKNOWN_METHOD");
    }
  });

  test("unparseable body and missing method name are 400", async () => {
    expect((await post("garbage")).status).toBe(400);
    expect((await post("<methodCall><params/></methodCall>")).status).toBe(400);
    expect(logLines.some((l) => l.includes("400"))).toBe(true);
  });

  test("an unexpected exception is 500 and is logged", async () => {
    const res = await post(encodeCall("test.crash", []));
    expect(res.status).toBe(500);
    expect(logLines.some((l) => l.startsWith("critical") && l.includes("unexpected crash"))).toBe(true);
  });

  test("a body over the limit is 413 (declared length)", async () => {
    const res = await post(encodeCall("test.echo", ["x".repeat(5000)]));
    expect(res.status).toBe(413);
  });

  test("a chunked body over the limit is 413 while streaming", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${base}/RPC2`, { method: "POST", headers: { "Content-Type": "text/xml" } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      // No Content-Length: the server only learns the size while reading.
      const piece = "x".repeat(1024);
      let sent = 0;
      const pump = (): void => {
        while (sent < 64) {
          sent++;
          if (!req.write(piece)) return void req.once("drain", pump);
        }
        req.end();
      };
      pump();
    });
    expect(status).toBe(413);
  });

  test("GET /RPC2 is 400 as in Supervisor; unknown paths 404; extra hook serves its paths", async () => {
    expect((await fetch(`${base}/RPC2`)).status).toBe(400);
    expect((await fetch(`${base}/nothing`)).status).toBe(404);
    const hello = await fetch(`${base}/hello`);
    expect(hello.status).toBe(200);
    expect(await hello.text()).toBe(`hi 127.0.0.1:${servers.inetAddress!.port}`);
  });

  test("error pages are medusa's", async () => {
    const res = await fetch(`${base}/nothing`);
    expect(res.headers.get("content-type")).toBe("text/html");
    expect(await res.text()).toBe(
      "<head>\r\n<title>Error response</title>\r\n</head>\r\n<body>\r\n<h1>Error response</h1>\r\n<p>Error code 404.\r\n<p>Message: Not Found.\r\n</body>\r\n",
    );
  });
});

describe("unix socket", () => {
  test("raw request with an empty Host header and a stray CRLF", async () => {
    const body = encodeCall("test.echo", ["över unix"]);
    const len = Buffer.byteLength(body);
    const res = await rawRequest(
      { path: sock },
      `POST /RPC2 HTTP/1.1\r\nHost: \r\nContent-Type: text/xml\r\nContent-Length: ${len}\r\nConnection: close\r\n\r\n${body}`,
    );
    expect(res.status).toBe(200);
    expect(decodeResponse(res.body)).toBe("över unix");
  });

  test("the extra hook works over the unix socket with an empty Host", async () => {
    const res = await rawRequest({ path: sock }, "GET /hello HTTP/1.1\r\nHost: \r\nConnection: close\r\n\r\n");
    expect(res.status).toBe(200);
    expect(res.body).toContain("hi");
  });

  test("socket mode is applied after binding", async () => {
    const { statSync } = await import("node:fs");
    expect(statSync(sock).mode & 0o777).toBe(0o700);
  });
});

describe("independent clients", () => {
  test("npm xmlrpc client", async () => {
    const client = xmlrpc.createClient({ host: "127.0.0.1", port: servers.inetAddress!.port, path: "/RPC2" });
    const call = (method: string, params: unknown[]): Promise<unknown> =>
      new Promise((resolve, reject) => client.methodCall(method, params, (err: unknown, v: unknown) => (err ? reject(err) : resolve(v))));
    expect(await call("supervisor.getVersion", [])).toBe("3.0");
    expect(await call("test.echo", [{ a: [1, "b", true] }])).toEqual({ a: [1, "b", true] });
    const methods = (await call("system.listMethods", [])) as string[];
    expect(methods).toContain("system.multicall");
    await expect(call("no.such", [])).rejects.toMatchObject({ faultCode: 1, faultString: "UNKNOWN_METHOD" });
  });

  const pySkip = pythonUnavailable();
  if (pySkip !== null) console.warn(`skipping Python client test: ${pySkip}`);
  test.skipIf(pySkip !== null)("Python xmlrpc.client over inet", async () => {
    const script = `
import sys, xmlrpc.client as x
p = x.ServerProxy(sys.argv[1])
print(p.supervisor.getVersion())
print(p.test.echo({"k": [1, 2.5, "s", True]}))
print(p.system.multicall([{"methodName": "supervisor.getVersion", "params": []}, {"methodName": "nope.x", "params": []}]))
try:
    p.no.such()
except x.Fault as f:
    print(f.faultCode, f.faultString)
`;
    // Asynchronous spawn: a synchronous one would block the event loop the server runs on.
    const proc = Bun.spawn(["/usr/bin/python3", "-c", script, `${base}/RPC2`], { stdout: "pipe", stderr: "pipe" });
    const [stdout, stderr] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text()]);
    await proc.exited;
    expect(stderr).toBe("");
    expect(stdout).toBe(
      "3.0\n{'k': [1, 2.5, 's', True]}\n['3.0', {'faultCode': 1, 'faultString': 'UNKNOWN_METHOD'}]\n1 UNKNOWN_METHOD\n",
    );
  });
});
