// CFG-FC-01: the socket options of [fcgi-program:x], read as supervisord 4.2.5 reads them.

import { afterAll, expect, test } from "bun:test";
import { header, load, loadError, TempDir } from "./helpers.ts";

const dir = new TempDir();
afterAll(() => dir.remove());

const fcgi = (body: string) => load(dir, `${header(dir)}[fcgi-program:f]\ncommand=x\n${body}`);

test("CFG-FC-01 tcp socket: host lower-cased, backlog kept, program_name expanded", () => {
  const c = fcgi("socket=tcp://LocalHost:9000\nsocket_backlog=5\n");
  expect(c.groups[0]!.fcgiSocket).toEqual({ kind: "tcp", url: "tcp://localhost:9000", host: "localhost", port: 9000, backlog: 5 });
});

test("CFG-FC-01 unix socket: mode 0700 by default, socket_mode octal, %(program_name)s", () => {
  const c = fcgi(`socket=unix://${dir.path}/%(program_name)s.sock\n`);
  expect(c.groups[0]!.fcgiSocket).toEqual({ kind: "unix", url: `unix://${dir.path}/f.sock`, path: `${dir.path}/f.sock`, backlog: null, mode: 0o700, owner: null });
  expect(fcgi(`socket=unix://${dir.path}/s\nsocket_mode=0666\n`).groups[0]!.fcgiSocket).toMatchObject({ mode: 0o666 });
});

test("CFG-FC-01 errors: no socket, relative path, owner or mode on tcp, bad format, backlog range", () => {
  const err = (body: string) => loadError(dir, `${header(dir)}[fcgi-program:f]\ncommand=x\n${body}`);
  expect(err("")).toContain('requires a "socket" line');
  expect(err("socket=unix://rel.sock\n")).toContain("is not an absolute path");
  expect(err("socket=tcp://127.0.0.1:9000\nsocket_mode=0600\n")).toContain("only to a unix socket");
  expect(err("socket=http://x\n")).toContain("bad socket format");
  expect(err("socket=tcp://127.0.0.1:9000\nsocket_backlog=0\n")).toContain("socket_backlog");
});

test("CFG-GR-01: an fcgi-program listed in a [group:x] runs there as a plain program, without socket", () => {
  const c = load(dir, `${header(dir)}[group:g]\nprograms=f\n[fcgi-program:f]\ncommand=x\nsocket=tcp://127.0.0.1:9000\n`);
  expect(c.groups.map((g) => [g.name, g.processes.map((p) => p.name), g.fcgiSocket ?? null])).toEqual([["g", ["f"], null]]);
});
