// `flotilla ctl` (the compiled binary) and Debian's supervisorctl, side by side against one
// flotilla daemon: same output, same exit status, over http and the unix socket.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { cleanup, freePorts, missingClient, normalise, run, runAsync, startDaemon, tempDir, waitFor, writeConfig, FLOTILLA, SUPERVISORCTL, type DaemonHandle } from "./harness.ts";

const skipReason = missingClient(SUPERVISORCTL);
if (skipReason) console.warn(`skipped flotilla ctl comparison: ${skipReason}`);

const BODY = `
[program:alpha]
command=sh -c "echo alpha-out; exec sleep 100000"
startsecs=0
[program:beta]
command=sleep 100000
startsecs=0
autostart=false
[program:w]
command=sleep 100000
numprocs=2
process_name=w%(process_num)d
startsecs=0
[group:pool]
programs=w
`;

// Run as a whole sequence by each client, each against its own daemon of the same configuration:
// it leaves the processes as it found them, for the next transport's run.
const COMMANDS: string[][] = [
  ["status"],
  ["status", "alpha", "pool:*", "nosuch"],
  ["avail"],
  ["pid", "alpha"],
  ["pid", "nosuch"],
  ["start", "beta"],
  ["start", "beta"],
  ["restart", "beta"],
  ["stop", "beta"],
  ["stop", "beta"],
  ["signal", "HUP", "beta"],
  ["signal", "BOGUS", "alpha"],
  ["tail", "alpha"],
  ["tail", "nosuch"],
  ["clear", "nosuch"],
  ["reread"],
  ["update"],
  ["version"],
  ["start"],
  ["frobnicate"],
];

describe.skipIf(skipReason !== null)("flotilla ctl prints what supervisorctl prints", () => {
  // Two daemons of the same configuration, one per client: the two sequences run at once (each
  // one's start/stop of beta is its own), which halves the wall time of 40 client runs.
  let fl: DaemonHandle;
  let twin: DaemonHandle;
  beforeAll(async () => {
    const dirs = [tempDir("ctl"), tempDir("ctl-twin")];
    const ports = await freePorts(2);
    [fl, twin] = await Promise.all(dirs.map((dir, i) => startDaemon("flotilla", writeConfig({ dir, port: ports[i]!, body: BODY, unix: true }), dir, ports[i]!)));
    for (const d of [fl, twin]) {
      await waitFor("alpha output", async () => (await runAsync(SUPERVISORCTL, ["-c", d.conf, "tail", "alpha"], 60_000)).stdout.includes("alpha-out"), 60_000);
    }
  }, 150_000);
  afterAll(cleanup);

  for (const transport of ["http", "unix"] as const) {
    // supervisorctl is ~0.4 s of Python start-up CPU per run: seconds of wall time each on a
    // loaded machine, where bun's 60 s cut this test off (20 runs in a row). Bounded all the same.
    test(`one-shot commands over ${transport}`, async () => {
      const urlOf = (d: DaemonHandle) => (transport === "http" ? d.url : `unix://${join(d.dir, "s.sock")}`);
      const sequence = async (client: string[], d: DaemonHandle) => {
        const results = [];
        for (const args of COMMANDS) {
          const r = await runAsync(client[0]!, [...client.slice(1), "-s", urlOf(d), ...args], 60_000);
          results.push({ args, out: normalise(r.stdout), code: r.code });
        }
        return results;
      };
      const [theirs, ours] = await Promise.all([sequence([SUPERVISORCTL], fl), sequence([FLOTILLA, "ctl"], twin)]);
      expect(ours).toEqual(theirs);
    }, 300_000);
  }

  test("the interactive shell reads commands from stdin", () => {
    const input = "status alpha\nversion\nquit\n";
    const theirs = run(SUPERVISORCTL, ["-s", fl.url], { input });
    const ours = run(FLOTILLA, ["ctl", "-s", fl.url], { input });
    expect(normalise(ours.stdout)).toBe(normalise(theirs.stdout));
    expect(ours.code).toBe(theirs.code);
  });
});
