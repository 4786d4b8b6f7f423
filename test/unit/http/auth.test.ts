// Basic authentication: the pure check, then both transports answering 401 with the challenge
// supervisorctl expects.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { AUTH_CHALLENGE, isAuthorized, parseBasicAuth, startHttpServers, type HttpServers } from "../../../src/api/http/index.ts";
import { decodeResponse, encodeCall } from "../../../src/api/xmlrpc/codec.ts";
import { fakeLogs, inetConfig, rawRequest, tempDir, testRegistry, unixConfig } from "./helpers.ts";

function basic(user: string, pass: string): string {
  return `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`;
}

const sha = (s: string): string => createHash("sha1").update(s).digest("hex");

describe("isAuthorized", () => {
  test.each([
    ["no credentials configured, no header", null, undefined, true],
    ["no credentials configured, any header", null, basic("x", "y"), true],
    ["plain, right", { username: "u", password: "p:w" }, basic("u", "p:w"), true],
    ["plain, wrong password", { username: "u", password: "pw" }, basic("u", "pW"), false],
    ["plain, wrong user", { username: "u", password: "pw" }, basic("v", "pw"), false],
    ["plain, prefix of the password", { username: "u", password: "pw" }, basic("u", "p"), false],
    ["plain, missing header", { username: "u", password: "pw" }, undefined, false],
    ["plain, not Basic", { username: "u", password: "pw" }, "Bearer abc", false],
    ["SHA, right", { username: "u", password: `{SHA}${sha("secret")}` }, basic("u", "secret"), true],
    ["SHA, uppercase digest", { username: "u", password: `{SHA}${sha("secret").toUpperCase()}` }, basic("u", "secret"), true],
    ["SHA, wrong", { username: "u", password: `{SHA}${sha("secret")}` }, basic("u", "Secret"), false],
    ["SHA, the digest itself is not the password", { username: "u", password: `{SHA}${sha("secret")}` }, basic("u", `{SHA}${sha("secret")}`), false],
  ] as [string, { username: string; password: string } | null, string | undefined, boolean][])("%s", (_name, creds, header, want) => {
    expect(isAuthorized(creds, header)).toBe(want);
  });

  test("parseBasicAuth splits at the first colon", () => {
    expect(parseBasicAuth(basic("user", "a:b:c"))).toEqual({ username: "user", password: "a:b:c" });
    expect(parseBasicAuth("Basic !!!")).toBeNull();
    expect(parseBasicAuth(`Basic ${Buffer.from("nocolon").toString("base64")}`)).toBeNull();
  });
});

describe("servers with auth", () => {
  const tmp = tempDir();
  const sock = `${tmp.dir}/auth.sock`;
  let servers: HttpServers;
  let base: string;
  const body = encodeCall("supervisor.getVersion", []);

  beforeAll(async () => {
    servers = await startHttpServers({
      inet: inetConfig({ username: "admin", password: `{SHA}${sha("s3cret")}` }),
      unix: unixConfig(sock, { username: "local", password: "plain" }),
      registry: testRegistry(),
      logs: fakeLogs({}, null),
    });
    base = `http://127.0.0.1:${servers.inetAddress!.port}`;
  });
  afterAll(async () => {
    await servers.close();
    tmp.cleanup();
  });

  test("inet: missing or wrong credentials are 401 with the challenge, on every path", async () => {
    for (const [path, method] of [["/RPC2", "POST"], ["/mainlogtail", "GET"], ["/logtail/x", "GET"], ["/other", "GET"]]) {
      for (const headers of [{}, { Authorization: basic("admin", "wrong") }, { Authorization: basic("local", "plain") }] as Record<string, string>[]) {
        const res = await fetch(`${base}${path}`, { method, headers, body: method === "POST" ? body : undefined });
        expect(res.status).toBe(401);
        expect(res.headers.get("www-authenticate")).toBe(AUTH_CHALLENGE);
      }
    }
  });

  test("inet: {SHA} password accepted", async () => {
    const res = await fetch(`${base}/RPC2`, { method: "POST", body, headers: { Authorization: basic("admin", "s3cret") } });
    expect(res.status).toBe(200);
    expect(decodeResponse(await res.text())).toBe("3.0");
  });

  test("unix: its own credentials, not the inet ones", async () => {
    const request = (auth: string): string =>
      `POST /RPC2 HTTP/1.1\r\nHost: \r\nAuthorization: ${auth}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
    const denied = await rawRequest({ path: sock }, request(basic("admin", "s3cret")));
    expect(denied.status).toBe(401);
    expect(denied.headers).toContain(`WWW-Authenticate: ${AUTH_CHALLENGE}`);
    const ok = await rawRequest({ path: sock }, request(basic("local", "plain")));
    expect(ok.status).toBe(200);
    expect(decodeResponse(ok.body)).toBe("3.0");
  });
});
