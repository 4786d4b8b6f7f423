// The socket options of an `[fcgi-program:x]` section (CFG-FC-01): `socket` (tcp://host:port or
// unix:///absolute/path, expanded with program_name, here and ENV_* only), `socket_backlog`
// (1..65535, SOMAXCONN when absent), and for unix sockets only `socket_owner` (user or user:group)
// and `socket_mode` (octal, 0700 when absent). As in supervisord, a unix socket whose owner is not
// given belongs to the program's `user` when that user is not the daemon's.
//
// Example: fcgiSocketFromSection(reader for `socket = tcp://127.0.0.1:9000`, ctx)
//   → { kind: "tcp", url: "tcp://127.0.0.1:9000", host: "127.0.0.1", port: 9000, backlog: null }

import path from "node:path";
import type { LoadContext } from "./context.ts";
import { parseInteger, parseOctal } from "./datatypes.ts";
import type { FcgiSocketConfig } from "./model.ts";
import type { SectionReader } from "./section.ts";
import { resolveUser, resolveUserGroup } from "./users.ts";

/** Reads the socket options of an `[fcgi-program:x]` section named `programName`. */
export function fcgiSocketFromSection(reader: SectionReader, programName: string, ctx: LoadContext): FcgiSocketConfig {
  const names = { ...ctx.envNames, here: ctx.here, program_name: programName };
  const backlog = reader.has("socket_backlog") ? reader.convert("socket_backlog", names, "", parseBacklog) : null;
  const owner = reader.has("socket_owner")
    ? reader.convert("socket_owner", names, "", (v) => resolveUserGroup(v, ctx.passwdFile, ctx.groupFile))
    : null;
  const mode = reader.has("socket_mode") ? reader.convert("socket_mode", names, "", parseOctal) : null;
  const socket = reader.string("socket", names);
  if (socket === null || socket === "") {
    throw reader.error(`[${reader.section}] requires a "socket" line: tcp://host:port or unix:///absolute/path`);
  }
  if (socket.startsWith("unix://")) {
    const file = socket.slice("unix://".length);
    if (!path.isAbsolute(file)) {
      throw reader.error(`unix socket path ${file} is not an absolute path; write unix:///absolute/path`, "socket");
    }
    return {
      kind: "unix",
      url: `unix://${path.normalize(file)}`,
      path: path.normalize(file),
      backlog,
      mode: mode ?? 0o700,
      owner: owner ?? defaultOwner(reader, ctx),
    };
  }
  if (owner !== null || mode !== null) {
    throw reader.error("socket_owner and socket_mode apply only to a unix socket (unix:///path); remove them", "socket");
  }
  const m = /^tcp:\/\/([^\s:]+):(\d+)$/.exec(socket);
  if (!m) throw reader.error(`bad socket format ${socket}; write tcp://host:port or unix:///absolute/path`, "socket");
  const port = Number(m[2]);
  if (port < 1 || port > 65535) throw reader.error(`${m[2]} is not a valid port number (1..65535)`, "socket");
  const host = m[1].toLowerCase();
  return { kind: "tcp", url: `tcp://${host}:${port}`, host, port, backlog };
}

function parseBacklog(value: string): number {
  const n = parseInteger(value);
  if (n < 1 || n > 65535) throw new Error(`invalid socket_backlog value ${n}: use 1..65535`);
  return n;
}

/** The program's `user` owns the socket when it is not the daemon's user (gid: that user's group). */
function defaultOwner(reader: SectionReader, ctx: LoadContext): { uid: number; gid: number } | null {
  const user = reader.string("user", { ...ctx.envNames, here: ctx.here });
  if (user === null) return null;
  const found = reader.convertValue("user", user, (v) => resolveUser(v, ctx.passwdFile));
  return found.uid === process.getuid?.() ? null : { uid: found.uid, gid: found.gid };
}
