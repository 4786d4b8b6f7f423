// A listening socket the daemon creates and never accepts on, for `[fcgi-program:x]` processes to
// share as their stdin (CFG-FC-01). Bun's own servers (node:net, Bun.listen) expose their fd, but
// they accept connections themselves: measured, 2 of 20 connections went to the daemon instead of
// the child. So the socket is made with libc's socket/bind/listen through bun:ffi, which works in
// the compiled binary too. The fd is close-on-exec: only the processes that get it as stdin (a
// dup2 made by Bun.spawn, which clears the flag on fd 0) inherit it.
//
// Example: const fd = openListeningSocket({ kind: "tcp", host: "127.0.0.1", port: 9000, backlog: null, url: "…" });
//          Bun.spawn({ cmd, stdin: fd }); … closeSocket(fd);

import { existsSync, chmodSync, chownSync, unlinkSync } from "node:fs";
import { constants } from "node:os";
import { dlopen, FFIType, ptr, read } from "bun:ffi";
import type { FcgiSocketConfig } from "../config/model.ts";

const AF_UNIX = 1;
const AF_INET = 2;
const SOCK_STREAM = 1;
const SOCK_CLOEXEC = 0o2000000;
const SOL_SOCKET = 1;
const SO_REUSEADDR = 2;
/** Python's socket.SOMAXCONN on Linux, supervisord's backlog when socket_backlog is absent. */
export const SOMAXCONN = 4096;

type Libc = ReturnType<typeof openLibc>;
let libc: Libc | null = null;

function openLibc() {
  return dlopen("libc.so.6", {
    socket: { args: [FFIType.i32, FFIType.i32, FFIType.i32], returns: FFIType.i32 },
    setsockopt: { args: [FFIType.i32, FFIType.i32, FFIType.i32, FFIType.ptr, FFIType.u32], returns: FFIType.i32 },
    bind: { args: [FFIType.i32, FFIType.ptr, FFIType.u32], returns: FFIType.i32 },
    listen: { args: [FFIType.i32, FFIType.i32], returns: FFIType.i32 },
    close: { args: [FFIType.i32], returns: FFIType.i32 },
    __errno_location: { args: [], returns: FFIType.ptr },
  }).symbols;
}

function c(): Libc {
  libc ??= openLibc();
  return libc;
}

/** An OS error with the errno name as `code`, like node:fs errors. */
function osError(call: string, what: string): Error {
  const errno = read.i32(c().__errno_location()!, 0);
  const name = Object.entries(constants.errno).find(([, n]) => n === errno)?.[0] ?? `errno ${errno}`;
  const err = new Error(`${call} ${what}: ${name}`) as Error & { code: string };
  err.code = name;
  return err;
}

/** IPv4 address of `host`: dotted quads and `localhost` (names are not looked up). */
function ipv4Of(host: string): number[] {
  if (host === "localhost") return [127, 0, 0, 1];
  const parts = host.split(".");
  if (parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return parts.map(Number);
  throw new Error(`cannot bind ${host}: write an IPv4 address (such as 127.0.0.1) or localhost`);
}

function sockaddrOf(config: FcgiSocketConfig): Buffer {
  if (config.kind === "tcp") {
    const sa = Buffer.alloc(16);
    sa.writeUInt16LE(AF_INET, 0);
    sa.writeUInt16BE(config.port, 2);
    sa.set(ipv4Of(config.host), 4);
    return sa;
  }
  const file = Buffer.from(config.path);
  if (file.length > 107) throw new Error(`unix socket path too long (${file.length} bytes, 107 at most): ${config.path}`);
  const sa = Buffer.alloc(2 + file.length + 1);
  sa.writeUInt16LE(AF_UNIX, 0);
  file.copy(sa, 2);
  return sa;
}

/**
 * Creates, binds and listens as supervisord does: SO_REUSEADDR for TCP; for a unix socket, any
 * file at the path is removed first, then the owner and mode are applied (the file is removed
 * again if that fails). Returns the fd; throws an Error naming the socket otherwise.
 */
export function openListeningSocket(config: FcgiSocketConfig): number {
  const sa = sockaddrOf(config);
  if (config.kind === "unix" && existsSync(config.path)) unlinkSync(config.path);
  const fd = c().socket(config.kind === "tcp" ? AF_INET : AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw osError("socket", config.url);
  try {
    if (config.kind === "tcp") {
      const one = new Int32Array([1]);
      if (c().setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, ptr(one), 4) !== 0) throw osError("setsockopt", config.url);
    }
    if (c().bind(fd, ptr(sa), sa.length) !== 0) throw osError("bind", config.url);
    if (config.kind === "unix") {
      try {
        if (config.owner !== null) chownSync(config.path, config.owner.uid, config.owner.gid);
        chmodSync(config.path, config.mode);
      } catch (err) {
        if (existsSync(config.path)) unlinkSync(config.path);
        throw err;
      }
    }
    if (c().listen(fd, config.backlog ?? SOMAXCONN) !== 0) throw osError("listen", config.url);
  } catch (err) {
    c().close(fd);
    throw err;
  }
  return fd;
}

/** Closes a socket made by openListeningSocket (a unix socket's file stays, as in supervisord). */
export function closeSocket(fd: number): void {
  c().close(fd);
}
