// Binding: port 0 reported back, the unix socket's stale file replaced, a live socket or a
// regular file left alone with a clear error, a busy port named with its config location.

import { afterAll, describe, expect, test } from "bun:test";
import { createServer } from "node:net";
import { existsSync, statSync, writeFileSync } from "node:fs";
import { startHttpServers } from "../../../src/api/http/index.ts";
import { fakeLogs, inetConfig, rawRequest, tempDir, testRegistry, unixConfig } from "./helpers.ts";

const tmp = tempDir();
afterAll(() => tmp.cleanup());

function start(inet: ReturnType<typeof inetConfig> | null, unix: ReturnType<typeof unixConfig> | null) {
  return startHttpServers({ inet, unix, registry: testRegistry(), logs: fakeLogs({}, null) });
}

describe("listening", () => {
  test("port 0 gives a real port; close frees it and removes the socket file", async () => {
    const sock = `${tmp.dir}/a.sock`;
    const s = await start(inetConfig(), unixConfig(sock));
    expect(s.inetAddress!.port).toBeGreaterThan(0);
    expect(s.unixPath).toBe(sock);
    expect(statSync(sock).isSocket()).toBe(true);
    await s.close();
    await s.close(); // twice is harmless
    expect(existsSync(sock)).toBe(false);
    await expect(fetch(`http://127.0.0.1:${s.inetAddress!.port}/RPC2`)).rejects.toThrow();
  });

  const noPython = existsSync("/usr/bin/python3") ? null : "/usr/bin/python3 is missing";
  test.skipIf(noPython !== null)("a stale socket file from a dead server is replaced", async () => {
    const sock = `${tmp.dir}/stale.sock`;
    // A process that binds and exits leaves a socket file nobody listens on: a crashed server.
    const py = Bun.spawnSync(["/usr/bin/python3", "-c", "import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])", sock]);
    expect(py.exitCode).toBe(0);
    expect(statSync(sock).isSocket()).toBe(true);
    const s = await start(null, unixConfig(sock));
    const res = await rawRequest({ path: sock }, "GET /nothing HTTP/1.1\r\nHost: \r\nConnection: close\r\n\r\n");
    expect(res.status).toBe(404);
    await s.close();
  });

  test("a live socket is not stolen", async () => {
    const sock = `${tmp.dir}/live.sock`;
    const first = await start(null, unixConfig(sock));
    await expect(start(null, unixConfig(sock))).rejects.toThrow(`another program is already listening on ${sock} ([unix_http_server] at /test/supervisord.conf:1)`);
    await first.close();
  });

  test("a regular file at the socket path is refused, not deleted", async () => {
    const path = `${tmp.dir}/regular`;
    writeFileSync(path, "keep me");
    await expect(start(null, unixConfig(path))).rejects.toThrow("exists and is not a socket");
    expect(existsSync(path)).toBe(true);
  });

  test("a busy port names the config location; the other server is not left running", async () => {
    const first = await start(inetConfig(), null);
    const busy = { ...inetConfig(), port: first.inetAddress!.port };
    const sock = `${tmp.dir}/rollback.sock`;
    await expect(start(busy, unixConfig(sock))).rejects.toThrow(
      `cannot listen on 127.0.0.1:${first.inetAddress!.port} ([inet_http_server] at /test/supervisord.conf:1): EADDRINUSE`,
    );
    expect(existsSync(sock)).toBe(false);
    await first.close();
  });

  test("a failing unix server closes the inet one already started", async () => {
    const probe = await start(inetConfig(), null);
    const port = probe.inetAddress!.port;
    await probe.close();
    const path = `${tmp.dir}/regular2`;
    writeFileSync(path, "");
    await expect(start({ ...inetConfig(), port }, unixConfig(path))).rejects.toThrow("not a socket");
    await expect(fetch(`http://127.0.0.1:${port}/RPC2`)).rejects.toThrow();
  });
});
