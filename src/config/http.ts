// `[inet_http_server]` (CFG-IH) and `[unix_http_server]` (CFG-UH) sections, and the fallback
// SUPERVISOR_SERVER_URL given to children (CFG-UH-05). supervisord treats every section whose name
// starts with `inet_http_server` / `unix_http_server` as a server; Flotilla serves the first of each.
// Names usable: `ENV_*` everywhere, plus `here` in the unix `file`.

import type { LoadContext } from "./context.ts";
import { parseInetAddress, parseOctal } from "./datatypes.ts";
import type { HttpServerConfig } from "./model.ts";
import { normalizePath } from "./paths.ts";
import { SectionReader, type Names } from "./section.ts";
import { resolveUserGroup } from "./users.ts";

export interface HttpServers {
  inet: HttpServerConfig[];
  unix: HttpServerConfig[];
}

function credentials(reader: SectionReader, names: Names): { username: string | null; password: string | null } {
  const username = reader.string("username", names);
  const password = reader.string("password", names);
  if ((username === null) !== (password === null)) {
    throw reader.error(
      "username and password must be given together: add the missing one or remove both",
      username === null ? "password" : "username",
    );
  }
  return { username, password };
}

function readInet(reader: SectionReader, ctx: LoadContext): HttpServerConfig {
  const names: Names = { ...ctx.envNames };
  const auth = credentials(reader, names);
  const portText = reader.string("port", names);
  if (portText === null) {
    throw reader.error("no port given; add e.g. port = 127.0.0.1:9001");
  }
  const { host, port } = reader.convertValue("port", portText, parseInetAddress);
  return { kind: "inet", host, port, ...auth, source: reader.source };
}

function readUnix(reader: SectionReader, ctx: LoadContext): HttpServerConfig {
  const fileText = reader.string("file", { ...ctx.envNames, here: ctx.here });
  if (fileText === null) {
    throw reader.error("no socket file given; add e.g. file = /run/supervisor.sock");
  }
  const file = normalizePath(fileText.trim(), ctx);
  const names: Names = { ...ctx.envNames };
  const auth = credentials(reader, names);
  const chownText = reader.string("chown", names);
  const chown =
    chownText === null
      ? null
      : reader.convertValue("chown", chownText, (v) => resolveUserGroup(v, ctx.passwdFile, ctx.groupFile));
  const chmodText = reader.string("chmod", names);
  const chmod = chmodText === null ? 0o700 : reader.convertValue("chmod", chmodText, parseOctal);
  return { kind: "unix", file, chmod, chown, ...auth, source: reader.source };
}

/** All inet then all unix server sections, in file order. */
export function readHttpServers(readers: (prefix: string) => SectionReader[], ctx: LoadContext): HttpServers {
  const inet = readers("inet_http_server").map((r) => readInet(r, ctx));
  const unix = readers("unix_http_server").map((r) => readUnix(r, ctx));
  for (const [list, kind] of [
    [inet, "inet_http_server"],
    [unix, "unix_http_server"],
  ] as const) {
    if (list.length > 1) {
      const where = list.map((s) => `${s.source.file}:${s.source.line}`).join(", ");
      ctx.warnings.push(`${list.length} [${kind}] sections (${where}): Flotilla serves only the first one`);
    }
  }
  return { inet, unix };
}

/**
 * SUPERVISOR_SERVER_URL for children whose serverurl is AUTO: the unix socket if any, else
 * `http://host:port` of the last inet server (supervisord's loop keeps the last), host
 * `localhost` when empty; null when there is no server.
 */
export function fallbackServerUrl(servers: HttpServers): string | null {
  const unix = servers.unix[0];
  if (unix && unix.kind === "unix") return `unix://${unix.file}`;
  const inet = servers.inet[servers.inet.length - 1];
  if (inet && inet.kind === "inet") return `http://${inet.host || "localhost"}:${inet.port}`;
  return null;
}
