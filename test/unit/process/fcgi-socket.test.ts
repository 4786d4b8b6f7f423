// CFG-FC-01: the fcgi-program socket is counted by reference as supervisord's SocketManager
// counts it (created for the first reference, closed at zero), and the real libc socket is a
// listening socket a child can accept on through fd 0.

import { expect, test } from "bun:test";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FcgiSocketConfig } from "../../../src/config/model.ts";
import { closeSocket, openListeningSocket } from "../../../src/process/listen-socket.ts";
import { FcgiSocket } from "../../../src/supervisor/fcgi-socket.ts";
import { waitFor } from "../../support/wait-for.ts";

const TCP: FcgiSocketConfig = { kind: "tcp", url: "tcp://127.0.0.1:1", host: "127.0.0.1", port: 1, backlog: null };

test("CFG-FC-01 reference counting: opened at the first reference, closed at the last, check opens and closes", () => {
  const calls: string[] = [];
  let next = 10;
  const ops = { open: () => (calls.push("open"), next++), close: (fd: number) => void calls.push(`close ${fd}`) };
  const logs: string[] = [];
  const s = new FcgiSocket(TCP, (_l, m) => logs.push(m), ops);
  expect(s.check()).toBeNull();
  expect(calls).toEqual(["open", "close 10"]);
  expect([s.acquire(), s.acquire()]).toEqual([11, 11]);
  s.release();
  expect(s.isOpen).toBe(true);
  s.release();
  expect(s.isOpen).toBe(false);
  s.release(); // below zero: nothing happens
  expect(calls).toEqual(["open", "close 10", "open", "close 11"]);
  expect(logs).toEqual(["Creating socket tcp://127.0.0.1:1", "Closing socket tcp://127.0.0.1:1", "Creating socket tcp://127.0.0.1:1", "Closing socket tcp://127.0.0.1:1"]);
  const failing = new FcgiSocket(TCP, () => {}, { open: () => { throw new Error("bind tcp://127.0.0.1:1: EACCES"); }, close: () => {} });
  expect(failing.check()).toBe("Could not create FastCGI socket tcp://127.0.0.1:1: bind tcp://127.0.0.1:1: EACCES");
});

test("CFG-FC-01 unix socket from libc: mode applied, a child accepts on it as fd 0", async () => {
  const dir = mkdtempSync(join(tmpdir(), "flotilla-fcgi-"));
  const path = join(dir, "s.sock");
  const fd = openListeningSocket({ kind: "unix", url: `unix://${path}`, path, backlog: 4, mode: 0o640, owner: null });
  try {
    expect(statSync(path).mode & 0o777).toBe(0o640);
    // A shell child whose stdin is the socket: `cat` cannot accept, so python3 is not needed to
    // see that fd 0 is a listening socket; /proc shows it as a socket inode.
    const child = Bun.spawn(["sh", "-c", "readlink /proc/self/fd/0"], { stdin: fd, stdout: "pipe" });
    expect(await new Response(child.stdout).text()).toStartWith("socket:[");
    // The daemon itself never accepts: a connection stays queued, unanswered.
    const sock = connect(path);
    await waitFor("the connection queued", () => sock.readyState === "open", 5000);
    sock.destroy();
  } finally {
    closeSocket(fd);
    rmSync(dir, { recursive: true, force: true });
  }
});

test("CFG-FC-01 tcp: a numeric host binds; a host name is refused (not looked up)", () => {
  const fd = openListeningSocket({ ...TCP, port: 0, url: "tcp://127.0.0.1:0" });
  closeSocket(fd);
  expect(() => openListeningSocket({ ...TCP, host: "example.org", url: "tcp://example.org:1" })).toThrow("write an IPv4 address");
});
