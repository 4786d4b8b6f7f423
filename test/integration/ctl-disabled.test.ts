// CTL-GEN-08 end to end: starts of a disabled program (fault DISABLED, 103) through the compiled
// `flotilla ctl`, which always carries the Supvisors ctl plugin, read `<namespec>: ERROR disabled`.
// Debian's supervisorctl has no such plugin: it stops on the code it does not know, as Supervisor
// itself does. Everything else the two clients print alike.

import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { cleanup, freePort, missingClient, runAsync, sortedLines, startDaemon, tempDir, waitFor, writeConfig, FLOTILLA, SUPERVISORCTL, type DaemonHandle, soloSupvisorsSection } from "./harness.ts";
import { XmlRpcTestClient } from "./rpc-client.ts";

// Each client run is a process start; supervisorctl's is ~0.4 s of Python CPU on a loaded machine.
setDefaultTimeout(120_000);

const skipReason = missingClient(SUPERVISORCTL);
if (skipReason) console.warn(`skipped the supervisorctl half of the CTL-GEN-08 tests: ${skipReason}`);

let daemon: DaemonHandle;
let rpc: XmlRpcTestClient;

const ours = (...args: string[]) => runAsync(FLOTILLA, ["ctl", "-s", daemon.url, ...args], 60_000);
const theirs = (...args: string[]) => runAsync(SUPERVISORCTL, ["-s", daemon.url, ...args], 60_000);

beforeAll(async () => {
  const dir = tempDir("ctl-disabled");
  const port = await freePort();
  const conf = writeConfig({
    dir,
    port,
    body: `
${soloSupvisorsSection(port, `${dir}/disabilities.json`)}
[program:web]
command = sleep 100000
startsecs = 0

[program:pair]
command = sleep 10000%(process_num)d
process_name = p%(process_num)d
numprocs = 2
startsecs = 0

[program:other]
command = sleep 100000
startsecs = 0
`,
  });
  daemon = await startDaemon("flotilla", conf, dir, port);
  rpc = new XmlRpcTestClient(daemon.url);
  await waitFor("OPERATION", async () => ((await rpc.call("supvisors.get_supvisors_state")) as unknown as { fsm_statename: string }).fsm_statename === "OPERATION");
  // disable stops the program's processes before it answers.
  expect(await rpc.call("supvisors.disable", "web")).toBe(true);
  expect(await rpc.call("supvisors.disable", "pair")).toBe(true);
  await waitFor("other RUNNING", async () => ((await rpc.call("supervisor.getProcessInfo", "other")) as unknown as { statename: string }).statename === "RUNNING");
}, 60_000);
afterAll(cleanup, 30_000);

describe("CTL-GEN-08 flotilla ctl words DISABLED as Supvisors' ctl plugin does", () => {
  const cases: Array<[string[], string]> = [
    [["start", "web"], "web: ERROR disabled"],
    [["start", "pair:*"], "pair:p0: ERROR disabled\npair:p1: ERROR disabled"],
    // startAllProcesses, as in Supervisor, leaves out what already runs (other).
    [["start", "all"], "pair:p0: ERROR disabled\npair:p1: ERROR disabled\nweb: ERROR disabled"],
    // restart = stop, then start: only the start half meets DISABLED.
    [["restart", "web"], "web: ERROR (not running)\nweb: ERROR disabled"],
  ];
  for (const [args, lines] of cases) {
    test(`flotilla ctl ${args.join(" ")}: exit 1`, async () => {
      const r = await ours(...args);
      expect(sortedLines(r.stdout)).toBe(lines);
      expect(r.code).toBe(1);
    });
  }

  test("the processes stay stopped", async () => {
    const infos = (await rpc.call("supervisor.getAllProcessInfo")) as unknown as { name: string; statename: string }[];
    expect(infos.filter((i) => i.name !== "other").map((i) => `${i.name}:${i.statename}`).sort()).toEqual(["p0:STOPPED", "p1:STOPPED", "web:STOPPED"]);
  });
});

describe.skipIf(skipReason !== null)("CTL-GEN-08 against Debian's supervisorctl (no Supvisors plugin)", () => {
  test("supervisorctl start of a disabled program stops on the unknown code 103, exit 1", async () => {
    const r = await theirs("start", "web");
    expect(r.stdout).toMatch(/^error: <class 'ValueError'>, Unknown result code 103 for web: file: \S+ line: \d+\n$/);
    expect(r.code).toBe(1);
  });

  test("where no DISABLED result is involved, both clients print the same", async () => {
    for (const args of [["start", "other"], ["status", "web"], ["stop", "pair:*"]]) {
      const [a, b] = await Promise.all([ours(...args), theirs(...args)]);
      expect([sortedLines(a.stdout), a.code]).toEqual([sortedLines(b.stdout), b.code]);
    }
  });
});
