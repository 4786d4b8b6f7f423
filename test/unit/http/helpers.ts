// Test helpers for the HTTP servers: deadlines instead of sleeps, temp dirs, configs, a small
// registry, a fake log source, and raw HTTP over TCP or a unix socket.

import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { HttpServerConfig } from "../../../src/config/model.ts";
import { Faults, RpcFault } from "../../../src/api/faults.ts";
import { RpcRegistry } from "../../../src/api/registry.ts";
import { registerSystemMethods } from "../../../src/api/system.ts";
import type { LogTailSource } from "../../../src/api/http/index.ts";
import { waitFor as sharedWaitFor } from "../../support/wait-for.ts";

/** The shared wait, with the check first as this folder's tests write it. */
export function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = 5000): Promise<T> {
  return sharedWaitFor(what, check, timeoutMs, 10);
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "flotilla-http-"));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const SOURCE = { file: "/test/supervisord.conf", line: 1 };

export type InetConfig = Extract<HttpServerConfig, { kind: "inet" }>;

export function inetConfig(auth: { username: string; password: string } | null = null): InetConfig {
  return { kind: "inet", host: "127.0.0.1", port: 0, username: auth?.username ?? null, password: auth?.password ?? null, source: SOURCE };
}

export function unixConfig(file: string, auth: { username: string; password: string } | null = null): HttpServerConfig {
  return { kind: "unix", file, chmod: 0o700, chown: null, username: auth?.username ?? null, password: auth?.password ?? null, source: SOURCE };
}

/** system.* plus the few supervisor.* methods supervisorctl needs, and some for error paths. */
export function testRegistry(mainLog: () => string | null = () => null): RpcRegistry {
  const reg = new RpcRegistry();
  registerSystemMethods(reg);
  reg.register({ name: "supervisor.getAPIVersion", params: [], returns: "string", help: "API version", call: () => "3.0" });
  reg.alias("supervisor.getVersion", "supervisor.getAPIVersion");
  reg.register({
    name: "supervisor.readLog",
    params: [{ name: "offset", type: "int" }, { name: "length", type: "int" }],
    returns: "string",
    help: "Read the main log",
    call: async ([offset, length]) => {
      const path = mainLog();
      if (path === null) throw new RpcFault(Faults.NO_FILE);
      const text = await Bun.file(path).text();
      const off = Number(offset);
      return off < 0 ? text.slice(Math.max(0, text.length + off)) : text.slice(off, Number(length) > 0 ? off + Number(length) : undefined);
    },
  });
  reg.register({ name: "test.echo", params: [{ name: "v", type: "any" }], returns: "any", help: "echo", call: ([v]) => v! });
  reg.register({ name: "test.crash", params: [], returns: "int", help: "crash", call: () => { throw new Error("unexpected crash"); } });
  return reg;
}

/** A log source over fixed paths. */
export function fakeLogs(files: Record<string, string>, main: string | null, tailfLimit = 1024): LogTailSource {
  return {
    processLog: (namespec, channel) => files[`${namespec}/${channel}`] ?? null,
    mainLog: () => main,
    tailfLimit,
  };
}

export interface RawResponse {
  status: number;
  headers: string;
  body: string;
}

/** Sends bytes as they are (stray CRLFs, empty Host…) and reads the whole answer until close. */
export function rawRequest(target: { port: number } | { path: string }, request: string, timeoutMs = 5000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const sock = "path" in target ? connect(target.path) : connect(target.port, "127.0.0.1");
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error("raw request timed out"));
    }, timeoutMs);
    sock.on("connect", () => sock.write(request));
    sock.on("data", (d: Buffer) => chunks.push(d));
    sock.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    sock.on("close", () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString("utf8");
      const split = text.indexOf("\r\n\r\n");
      resolve({
        status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0),
        headers: text.slice(0, split),
        body: text.slice(split + 4),
      });
    });
  });
}

/** Decodes a chunked body (enough for tests). */
export function unchunk(body: string): string {
  let out = "";
  let rest = body;
  for (;;) {
    const nl = rest.indexOf("\r\n");
    if (nl < 0) return out;
    const size = parseInt(rest.slice(0, nl), 16);
    if (!size) return out;
    out += rest.slice(nl + 2, nl + 2 + size);
    rest = rest.slice(nl + 2 + size + 2);
  }
}

/** Open file descriptors of this process that point at `path` (to prove watchers were released). */
export function openFdsFor(path: string): number {
  const { readdirSync, readlinkSync } = require("node:fs") as typeof import("node:fs");
  let n = 0;
  for (const fd of readdirSync("/proc/self/fd")) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`).startsWith(path)) n++;
    } catch {
      // fd closed while listing
    }
  }
  return n;
}
