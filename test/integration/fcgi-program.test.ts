// CFG-FC-01: an `[fcgi-program:x]` group's processes all get the same listening socket as stdin,
// created by the daemon (tcp:// or unix:// with socket_mode), and the socket is closed when the
// group is removed. Run with the compiled binary and compared with Debian's supervisord on the
// same configuration; the children are a python3 responder that accepts on fd 0 and answers each
// connection with its pid.

import { afterAll, expect, test } from "bun:test";
import { existsSync, statSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { cleanup, ctl, freePorts, missingClient, startDaemon, stopDaemon, SUPERVISORCTL, SUPERVISORD, tempDir, waitFor, writeConfig } from "./harness.ts";

afterAll(cleanup);

const PYTHON = "/usr/bin/python3";

const RESPONDER = `
import os, socket, sys
family = socket.AF_UNIX if sys.argv[1] == "unix" else socket.AF_INET
listener = socket.fromfd(0, family, socket.SOCK_STREAM)
while True:
    conn, _ = listener.accept()
    conn.sendall(b"%d\\n" % os.getpid())
    conn.close()
`;

type Target = { port: number } | { path: string };

/** The pid a responder answers with, or the connection's error code. */
function ask(target: Target): Promise<string> {
  return new Promise((resolve) => {
    const sock = "port" in target ? connect(target.port, "127.0.0.1") : connect(target.path);
    let data = "";
    sock.setTimeout(3000, () => sock.destroy(new Error("timeout")));
    sock.on("data", (d) => (data += d));
    sock.on("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    sock.on("close", () => resolve(data.trim()));
  });
}

interface Observed {
  answeredByBoth: boolean;
  mode: string | null;
  afterRemove: string;
  fileAfterRemove: boolean | null;
}

async function observe(kind: "flotilla" | "supervisord", family: "tcp" | "unix", port: number, socketPort: number): Promise<Observed> {
  const dir = tempDir(`fcgi-${kind}-${family}`);
  writeFileSync(join(dir, "responder.py"), RESPONDER);
  const target: Target = family === "tcp" ? { port: socketPort } : { path: join(dir, "fcgi.sock") };
  const socketLines =
    family === "tcp" ? `socket=tcp://127.0.0.1:${socketPort}` : `socket=unix://%(here)s/fcgi.sock\nsocket_mode=0660`;
  const section = `[fcgi-program:resp]
command=${PYTHON} ${dir}/responder.py ${family}
${socketLines}
numprocs=2
process_name=%(program_name)s_%(process_num)d
startsecs=0
`;
  const conf = writeConfig({ dir, port, body: section });
  const daemon = await startDaemon(kind, conf, dir, port);
  const pids = await waitFor(`${kind}: both responders running`, () => {
    const out = ctl(daemon, "pid", "all").stdout.trim().split("\n").map((l) => l.trim());
    return out.length === 2 && out.every((p) => /^[1-9]\d*$/.test(p)) ? out.sort() : null;
  });
  // The kernel hands each connection to one of the accepting processes: ask until both answered.
  const seen = new Set<string>();
  await waitFor(`${kind}: answers from both processes`, async () => {
    seen.add(await ask(target));
    return pids.every((p) => seen.has(p));
  });
  // Only the group's processes answer. (supervisord once reset a first connection on its unix
  // socket while the group was starting: connection errors are not counted.)
  const answeredByBoth = [...seen].filter((p) => /^\d+$/.test(p)).every((p) => pids.includes(p));
  const mode = "path" in target ? (statSync(target.path).mode & 0o777).toString(8) : null;

  // Removed from the configuration, then `update`: the group stops and its socket is closed.
  writeConfig({ dir, port, body: "" });
  expect(ctl(daemon, "update").stdout).toContain("resp: stopped");
  const afterRemove = await waitFor(`${kind}: the socket closed`, async () => {
    const r = await ask(target);
    return /^\d+$/.test(r) ? null : r;
  });
  const fileAfterRemove = "path" in target ? existsSync(target.path) : null;
  await stopDaemon(daemon);
  return { answeredByBoth, mode, afterRemove, fileAfterRemove };
}

for (const family of ["tcp", "unix"] as const) {
  test(`CFG-FC-01 ${family}: both processes accept on the daemon's socket, closed when the group is removed`, async () => {
    const missing = missingClient(PYTHON);
    if (missing !== null) return console.warn(`skipped: ${missing}`);
    const [p1, p2, s1, s2] = await freePorts(4);
    const ours = await observe("flotilla", family, p1!, s1!);
    expect(ours.answeredByBoth).toBe(true);
    expect(ours.afterRemove).toBe("ECONNREFUSED");
    if (family === "unix") expect(ours.mode).toBe("660");
    if (missingClient(SUPERVISORD, SUPERVISORCTL) !== null) {
      return console.warn("skipped: the comparison with supervisord — /usr/bin/supervisord is not installed");
    }
    expect(await observe("supervisord", family, p2!, s2!)).toEqual(ours);
  });
}
