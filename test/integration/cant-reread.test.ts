// CANT_REREAD end to end (RPC-FLT-18, RPC-SUP-10, CTL-SUP-12, CTL-SUP-15): a daemon whose
// configuration file turns unreadable or invalid answers supervisor.reloadConfig with fault 92,
// naming the file and the line; flotilla ctl and the real supervisorctl report it as supervisorctl
// does; and nothing that runs is touched: same processes, same pids, same configuration.

import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { Faults, RpcFault } from "../../src/api/faults.ts";
import {
  cleanup,
  freePort,
  missingClient,
  runAsync,
  startDaemon,
  tempDir,
  waitFor,
  writeConfig,
  FLOTILLA,
  SUPERVISORCTL,
  type DaemonHandle,
} from "./harness.ts";
import { XmlRpcTestClient } from "./rpc-client.ts";

// Each client run is a process start; supervisorctl's is ~0.4 s of Python CPU on a loaded machine.
setDefaultTimeout(120_000);

const skipReason = missingClient(SUPERVISORCTL);
if (skipReason) console.warn(`skipped the supervisorctl half of the CANT_REREAD tests: ${skipReason}`);

interface Info {
  group: string;
  name: string;
  statename: string;
  pid: number;
}

let daemon: DaemonHandle;
let rpc: XmlRpcTestClient;
let good = "";
/** `group:name` → pid, once everything runs. */
let pidsBefore: Map<string, number> = new Map();

const running = async () =>
  new Map(
    ((await rpc.call("supervisor.getAllProcessInfo")) as unknown as Info[])
      .filter((i) => i.statename === "RUNNING")
      .map((i): [string, number] => [`${i.group}:${i.name}`, i.pid]),
  );
const configInfo = async () => JSON.stringify(await rpc.call("supervisor.getAllConfigInfo"));

async function reloadFault(): Promise<RpcFault> {
  try {
    await rpc.call("supervisor.reloadConfig");
  } catch (err) {
    if (err instanceof RpcFault) return err;
    throw err;
  }
  throw new Error("supervisor.reloadConfig answered without a fault");
}

/** The configuration with `line` appended to the [program:sleeper] section; returns its line number. */
function breakWith(line: string): number {
  writeFileSync(daemon.conf, good.replace("[program:sleeper]\n", `[program:sleeper]\n${line}\n`));
  return readFileSync(daemon.conf, "utf8").split("\n").indexOf(line) + 1;
}

/**
 * The same client command through flotilla ctl and supervisorctl (when installed), by URL: the
 * clients cannot read their settings from the daemon's file while it is broken.
 */
async function bothClients(...args: string[]) {
  const ours = await runAsync(FLOTILLA, ["ctl", "-s", daemon.url, ...args], 60_000);
  const theirs = skipReason ? null : await runAsync(SUPERVISORCTL, ["-s", daemon.url, ...args], 60_000);
  return { ours, theirs };
}

beforeAll(async () => {
  const dir = tempDir("cant-reread");
  const port = await freePort();
  const conf = writeConfig({
    dir,
    port,
    body: `
[program:sleeper]
command=sleep 100000
startsecs=0

[program:w]
command=sleep 10000%(process_num)d
process_name=w%(process_num)d
numprocs=2
startsecs=0
`,
  });
  good = readFileSync(conf, "utf8");
  daemon = await startDaemon("flotilla", conf, dir, port);
  rpc = new XmlRpcTestClient(daemon.url);
  pidsBefore = await waitFor("3 processes RUNNING", async () => {
    const now = await running();
    return now.size === 3 ? now : null;
  });
}, 60_000);
afterAll(cleanup, 30_000);

describe("CANT_REREAD: a configuration file that cannot be read again", () => {
  test("RPC-SUP-10 / RPC-FLT-18 a line that is not INI: fault 92 naming the file and the line", async () => {
    const config = await configInfo();
    const line = breakWith("this line is not ini");
    const fault = await reloadFault();
    expect(fault.code).toBe(Faults.CANT_REREAD);
    expect(fault.faultString.startsWith(`CANT_REREAD: ${daemon.conf}:${line}: `)).toBe(true);
    expect(fault.faultString).toContain("this line is not ini");
    // Nothing was applied: the same processes run with the same pids, the configuration is the old one.
    expect(await running()).toEqual(pidsBefore);
    expect(await configInfo()).toBe(config);
    expect(await rpc.call("supervisor.getState")).toEqual({ statecode: 1, statename: "RUNNING" });
  });

  test("RPC-SUP-10 / RPC-FLT-18 an invalid value: fault 92 naming the file, the line, the section and the option", async () => {
    const line = breakWith("startretries=many");
    const fault = await reloadFault();
    expect(fault.code).toBe(Faults.CANT_REREAD);
    expect(fault.faultString.startsWith(`CANT_REREAD: ${daemon.conf}:${line}: [program:sleeper] startretries: `)).toBe(true);
    expect(await running()).toEqual(pidsBefore);
  });

  test("RPC-SUP-10 / RPC-FLT-18 a file that is gone: fault 92 naming the file", async () => {
    const aside = `${daemon.conf}.aside`;
    writeFileSync(daemon.conf, good);
    renameSync(daemon.conf, aside);
    try {
      const fault = await reloadFault();
      expect(fault.code).toBe(Faults.CANT_REREAD);
      expect(fault.faultString.startsWith(`CANT_REREAD: ${daemon.conf}`)).toBe(true);
      expect(await running()).toEqual(pidsBefore);
    } finally {
      renameSync(aside, daemon.conf);
    }
  });

  test("CTL-SUP-12 reread prints `ERROR: <faultString>`, exit 1, in flotilla ctl and supervisorctl alike", async () => {
    const line = breakWith("this line is not ini");
    const { ours, theirs } = await bothClients("reread");
    const fault = await reloadFault();
    expect(ours.stdout).toBe(`ERROR: ${fault.faultString}\n`);
    expect(ours.stdout).toContain(`${daemon.conf}:${line}: `);
    expect(ours.code).toBe(1);
    if (theirs) expect([theirs.stdout, theirs.code]).toEqual([ours.stdout, ours.code]);
    expect(await running()).toEqual(pidsBefore);
  });

  test("CTL-SUP-15 update stops at the fault (supervisorctl re-raises it), exit 1, and changes nothing", async () => {
    breakWith("this line is not ini");
    const { ours, theirs } = await bothClients("update");
    expect(ours.stdout.startsWith("error: <class 'xmlrpc.client.Fault'>, <Fault 92: ")).toBe(true);
    expect(ours.stdout).toContain(daemon.conf);
    expect(ours.code).toBe(1);
    if (theirs) {
      // supervisorctl ends the line with where Python raised it (": file: … line: N"); the rest is the same.
      expect(theirs.stdout.replace(/: file: \S+ line: \d+\n$/, "\n")).toBe(ours.stdout);
      expect(theirs.code).toBe(1);
    }
    expect(await running()).toEqual(pidsBefore);
  });

  test("once the file is repaired, reread works again and reports the change made meanwhile", async () => {
    writeFileSync(daemon.conf, `${good}\n[program:late]\ncommand=sleep 100000\nstartsecs=0\n`);
    expect(await rpc.call("supervisor.reloadConfig")).toEqual([[["late"], [], []]]);
    expect(await running()).toEqual(pidsBefore);
  });
});
