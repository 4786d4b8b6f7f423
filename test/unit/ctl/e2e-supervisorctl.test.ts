// End to end against Debian's real supervisord 4.2.5: for each command, `/usr/bin/supervisorctl -s
// URL <cmd>` and `runCtl(["-s", URL, <cmd>])` must print the same bytes and exit with the same
// status. Only pids and uptimes are normalised. Skipped where supervisord/supervisorctl are absent.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { RpcClient } from "../../../src/cli/ctl/client.ts";
import { runCtl } from "../../../src/cli/ctl/index.ts";
import { waitFor } from "./fake-client.ts";

const SUPERVISORD = "/usr/bin/supervisord";
const SUPERVISORCTL = "/usr/bin/supervisorctl";
const missing = !fs.existsSync(SUPERVISORD) || !fs.existsSync(SUPERVISORCTL);

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

function normalise(text: string): string {
  return text.replace(/pid \d+, uptime \d+:\d\d:\d\d/g, "pid N, uptime U").replace(/^[1-9]\d*$/gm, "N");
}

let dir = "";
let url = "";
let daemon: ChildProcess | null = null;
let rpc: RpcClient;

async function states(): Promise<Record<string, string>> {
  const infos = (await rpc.call("supervisor.getAllProcessInfo")) as Array<{ group: string; name: string; statename: string }>;
  return Object.fromEntries(infos.map((i) => [`${i.group}:${i.name}`, i.statename]));
}

async function settle(expected: Record<string, string>): Promise<void> {
  const deadline = Date.now() + 15000;
  for (;;) {
    const now = await states();
    if (Object.entries(expected).every(([k, v]) => now[k] === v)) return;
    if (Date.now() > deadline) throw new Error(`processes did not settle: ${JSON.stringify(now)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const BASE = {
  "sleeper:sleeper": "RUNNING",
  "crasher:crasher": "FATAL",
  "manual:manual": "STOPPED",
  "grp:ga": "RUNNING",
  "grp:gb": "RUNNING",
};

beforeAll(async () => {
  if (missing) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ctl-e2e-"));
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  fs.writeFileSync(
    path.join(dir, "supervisord.conf"),
    [
      "[supervisord]", "nodaemon=true", `logfile=${dir}/supervisord.log`, `pidfile=${dir}/supervisord.pid`, `childlogdir=${dir}`,
      "[inet_http_server]", `port=127.0.0.1:${port}`,
      "[rpcinterface:supervisor]", "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
      "[program:sleeper]", "command=sleep 1000", "startsecs=0",
      "[program:crasher]", 'command=sh -c "echo oops >&2; exit 3"', "startretries=0", "startsecs=1",
      "[program:manual]", "command=sleep 1000", "autostart=false", "startsecs=0",
      "[group:grp]", "programs=ga,gb", "priority=500",
      "[program:ga]", "command=sleep 1000", "startsecs=0",
      "[program:gb]", "command=sleep 1000", "startsecs=0", "priority=100",
      "",
    ].join("\n"),
  );
  daemon = spawn(SUPERVISORD, ["-c", path.join(dir, "supervisord.conf")], { stdio: "ignore" });
  rpc = new RpcClient(url, { username: null, password: null });
  let up = false;
  const ping = () => rpc.call("supervisor.getState").then(() => (up = true), () => {});
  await waitFor(() => {
    void ping();
    return up;
  }, 15000, "supervisord answering");
  await settle(BASE);
}, 30000);

afterAll(async () => {
  if (!daemon) return;
  const exited = new Promise((r) => daemon!.once("exit", r));
  daemon.kill("SIGTERM");
  await exited;
  fs.rmSync(dir, { recursive: true, force: true });
});

async function ours(argv: string[]): Promise<{ out: string; code: number }> {
  let out = "";
  const code = await runCtl(argv, { stdout: (s) => (out += s), stderr: (s) => (out += s), stdin: null }, { searchPaths: [], watchSigint: false });
  return { out, code };
}

function theirs(argv: string[]): { out: string; code: number } {
  const r = spawnSync(SUPERVISORCTL, argv, { encoding: "utf8" });
  return { out: r.stdout + r.stderr, code: r.status ?? -1 };
}

/** Commands in order; `after` puts the daemon back so both tools see the same state. */
/** `unordered`: supervisord itself lists a group's results in the order its processes stopped. */
const STEPS: Array<{ cmd: string; after?: () => Promise<unknown>; unordered?: boolean }> = [
  { cmd: "status" },
  { cmd: "status sleeper" },
  { cmd: "status nosuch" },
  { cmd: "status grp:*" },
  { cmd: "status nogrp:*" },
  { cmd: "avail" },
  { cmd: "pid" },
  { cmd: "pid all" },
  { cmd: "pid sleeper" },
  { cmd: "pid manual" },
  { cmd: "pid nosuch" },
  { cmd: "version" },
  { cmd: "version x" },
  { cmd: "start" },
  { cmd: "start sleeper" },
  { cmd: "start nosuch" },
  { cmd: "start nogrp:*" },
  { cmd: "start manual", after: () => rpc.call("supervisor.stopProcess", "manual") },
  { cmd: "start crasher", after: () => settle(BASE) },
  { cmd: "stop manual" },
  { cmd: "stop nosuch" },
  { cmd: "stop grp:ga", after: () => rpc.call("supervisor.startProcess", "grp:ga") },
  { cmd: "stop grp:*", after: () => rpc.call("supervisor.startProcessGroup", "grp"), unordered: true },
];

describe.skipIf(missing)(`supervisorctl and flotilla ctl print the same (skipped without ${SUPERVISORD} and ${SUPERVISORCTL})`, () => {
  for (const step of STEPS) {
    test(step.cmd, async () => {
      const argv = ["-s", url, ...step.cmd.split(" ")];
      const real = theirs(argv);
      await step.after?.();
      await settle(BASE);
      const mine = await ours(argv);
      await step.after?.();
      await settle(BASE);
      const shown = (text: string) => (step.unordered ? normalise(text).split("\n").sort().join("\n") : normalise(text));
      expect(shown(mine.out)).toBe(shown(real.out));
      expect(mine.code).toBe(real.code);
    }, 30000);
  }
});
