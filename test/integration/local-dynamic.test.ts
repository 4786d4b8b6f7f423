// The local dynamic features through the compiled binary (ST-DYN-01..06, RPC-SV-26/32/33/34):
// disable / enable with the disabilities_file checked on disk and surviving restarts,
// update_numprocs up and down (lazy and not) seen in the process list and on the OS, and
// start_args with the extra arguments in the child's argv (/proc/<pid>/cmdline).

import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { RpcFault } from "../../src/api/faults.ts";
import { execArgv } from "../support/exec-argv.ts";
import { cleanup, freePort, startDaemon, stopDaemon, tempDir, waitFor, writeConfig, type DaemonHandle, soloSupvisorsSection } from "./harness.ts";
import { XmlRpcTestClient } from "./rpc-client.ts";

interface Info {
  group: string;
  name: string;
  statename: string;
  pid: number;
  start: number;
  disabled?: boolean;
  extra_args?: string;
}

// Real daemons start, stop and restart here: beyond bun's 5 s default, bounded all the same.
setDefaultTimeout(30_000);

let dir = "";
let port = 0;
let conf = "";
let daemon: DaemonHandle;
let rpc: XmlRpcTestClient;
const disabilities = () => join(dir, "state", "disabilities.json");

async function faultOf(p: Promise<unknown>): Promise<{ faultCode: number; faultString: string }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof RpcFault) return { faultCode: err.code, faultString: err.faultString };
    throw err;
  }
  throw new Error("expected a fault");
}

const all = async () => (await rpc.call("supervisor.getAllProcessInfo")) as unknown as Info[];
const info = async (namespec: string) => (await rpc.call("supervisor.getProcessInfo", namespec)) as unknown as Info;
const local = async (namespec: string) => (await rpc.call("supvisors.get_local_process_info", namespec)) as unknown as Info;
const names = async (group: string) => (await all()).filter((i) => i.group === group).map((i) => `${i.name}:${i.statename}`);
const alive = (pid: number) => existsSync(`/proc/${pid}`) && !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, "utf8"));

async function operation(): Promise<void> {
  await waitFor("OPERATION", async () => ((await rpc.call("supvisors.get_supvisors_state")) as unknown as { fsm_statename: string }).fsm_statename === "OPERATION");
}

async function launch(): Promise<void> {
  daemon = await startDaemon("flotilla", conf, dir, port);
  rpc = new XmlRpcTestClient(daemon.url);
  await operation();
}

beforeAll(async () => {
  dir = tempDir("local-dynamic");
  port = await freePort();
  conf = writeConfig({
    dir,
    port,
    body: `
${soloSupvisorsSection(port, `${dir}/state/disabilities.json`)}
[program:web]
command = sleep 100001
startsecs = 0

[program:w]
command = sleep 10000%(process_num)d
process_name = %(program_name)s_%(process_num)d
numprocs = 2
startsecs = 0
stopwaitsecs = 5

[program:args]
command = /bin/sleep 100009
autostart = false
startsecs = 0
`,
  });
  await launch();
}, 30_000);
afterAll(cleanup, 30_000);

describe("disable / enable through XML-RPC", () => {
  test("CFG-SV-19 the disabilities_file is written at start with every program enabled", async () => {
    await waitFor("the file", () => existsSync(disabilities()));
    expect(JSON.parse(readFileSync(disabilities(), "utf8"))).toEqual({ args: false, w: false, web: false });
  });

  test("ST-DYN-01 disable stops the processes, persists the flag, and startProcess faults DISABLED", async () => {
    await waitFor("web RUNNING", async () => (await info("web")).statename === "RUNNING");
    const pid = (await info("web")).pid;
    expect(await rpc.call("supvisors.disable", "web")).toBe(true);
    expect((await info("web")).statename).toBe("STOPPED");
    expect(alive(pid)).toBe(false);
    expect(readFileSync(disabilities(), "utf8")).toContain('"web": true');
    expect(JSON.parse(readFileSync(disabilities(), "utf8"))).toEqual({ args: false, w: false, web: true });
    const fault = await faultOf(rpc.call("supervisor.startProcess", "web"));
    expect([fault.faultCode, fault.faultString]).toEqual([103, "DISABLED: web"]);
    expect((await local("web")).disabled).toBe(true);
  });

  test("ST-DYN-01 the flag survives a stop and start of the daemon: web never starts", async () => {
    await stopDaemon(daemon);
    await launch();
    // Give autostart its chance: the other programs are RUNNING, web is still never started.
    await waitFor("w RUNNING", async () => (await names("w")).every((n) => n.endsWith(":RUNNING")));
    const web = await info("web");
    expect([web.statename, web.start]).toEqual(["STOPPED", 0]);
    expect((await local("web")).disabled).toBe(true);
    expect(JSON.parse(readFileSync(disabilities(), "utf8")).web).toBe(true);
  });

  test("ST-DYN-01 the flag survives supervisor.restart too", async () => {
    const before = (await rpc.call("supervisor.getPID")) as number;
    expect(await rpc.call("supervisor.restart")).toBe(true);
    await waitFor("restarted", async () => {
      try {
        return (await rpc.call("supervisor.getState")) && (await info("w:w_0")).statename === "RUNNING";
      } catch {
        return false;
      }
    });
    expect((await rpc.call("supervisor.getPID")) as number).toBe(before);
    await operation();
    expect((await info("web")).statename).toBe("STOPPED");
    expect((await local("web")).disabled).toBe(true);
  });

  test("ST-DYN-02 enable starts web again (autostart) and persists the flag", async () => {
    expect(await rpc.call("supvisors.enable", "web")).toBe(true);
    await waitFor("web RUNNING", async () => (await info("web")).statename === "RUNNING");
    expect(JSON.parse(readFileSync(disabilities(), "utf8"))).toEqual({ args: false, w: false, web: false });
    expect((await local("web")).disabled).toBe(false);
  });
});

describe("update_numprocs through XML-RPC", () => {
  test("ST-DYN-03 an increase adds running processes and getAllConfigInfo shows them", async () => {
    expect(await rpc.call("supvisors.update_numprocs", "w", 4)).toBe(true);
    await waitFor("4 running", async () => (await names("w")).join(",") === "w_0:RUNNING,w_1:RUNNING,w_2:RUNNING,w_3:RUNNING");
    const config = ((await rpc.call("supervisor.getAllConfigInfo")) as unknown as { group: string; name: string; command: string }[]).filter((c) => c.group === "w");
    expect(config.map((c) => [c.name, c.command])).toEqual([
      ["w_0", "sleep 100000"],
      ["w_1", "sleep 100001"],
      ["w_2", "sleep 100002"],
      ["w_3", "sleep 100003"],
    ]);
    expect(await execArgv((await info("w:w_3")).pid)).toEqual(["sleep", "100003"]);
  });

  test("ST-DYN-04 a decrease with wait returns once the processes in excess are stopped and removed", async () => {
    const pids = await Promise.all(["w:w_1", "w:w_2", "w:w_3"].map(async (n) => (await info(n)).pid));
    expect(await rpc.call("supvisors.update_numprocs", "w", 1)).toBe(true);
    expect(await names("w")).toEqual(["w_0:RUNNING"]);
    for (const pid of pids) expect(alive(pid)).toBe(false);
    expect((await faultOf(rpc.call("supervisor.getProcessInfo", "w:w_1"))).faultString).toBe("BAD_NAME: w:w_1");
  });

  test("ST-DYN-04 lazy: the process in excess runs on, and is removed when it ends", async () => {
    expect(await rpc.call("supvisors.update_numprocs", "w", 2)).toBe(true);
    await waitFor("w_1 RUNNING", async () => (await names("w")).includes("w_1:RUNNING"));
    const pid = (await info("w:w_1")).pid;
    expect(await rpc.call("supvisors.update_numprocs", "w", 1, true, true)).toBe(true);
    expect(await names("w")).toEqual(["w_0:RUNNING", "w_1:RUNNING"]);
    process.kill(pid, "SIGKILL");
    await waitFor("w_1 removed", async () => (await names("w")).join(",") === "w_0:RUNNING");
    const config = ((await rpc.call("supervisor.getAllConfigInfo")) as unknown as { group: string; name: string }[]).filter((c) => c.group === "w");
    expect(config.map((c) => c.name)).toEqual(["w_0"]);
  });

  test("RPC-SV-32 NOT_APPLICABLE for a program without %(process_num)", async () => {
    const fault = await faultOf(rpc.call("supvisors.update_numprocs", "web", 2));
    expect([fault.faultCode, fault.faultString]).toEqual([104, "NOT_APPLICABLE: numprocs not applicable to program=web"]);
  });
});

describe("start_args through XML-RPC", () => {
  test("ST-DYN-06 the child's argv is the command plus the extra args; '' resets them", async () => {
    expect(await rpc.call("supvisors.start_args", "args", "7 5")).toBe(true);
    const first = await local("args");
    expect([first.statename, first.extra_args]).toEqual(["RUNNING", "7 5"]);
    expect(await execArgv(first.pid)).toEqual(["/bin/sleep", "100009", "7", "5"]);
    expect(await rpc.call("supervisor.stopProcess", "args")).toBe(true);
    expect(await rpc.call("supvisors.start_args", "args", "")).toBe(true);
    const second = await local("args");
    expect(second.extra_args).toBe("");
    expect(await execArgv(second.pid)).toEqual(["/bin/sleep", "100009"]);
  });
});
