// `flotilla ctl` (the compiled binary) and Debian's supervisorctl, side by side against one
// flotilla daemon: same output, same exit status, over http and the unix socket.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { cleanup, freePort, missingClient, normalise, run, startDaemon, tempDir, waitFor, writeConfig, FLOTILLA, SUPERVISORCTL, type DaemonHandle } from "./harness.ts";

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

// Run as a whole sequence by each client in turn: it leaves the processes as it found them.
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
  let fl: DaemonHandle;
  beforeAll(async () => {
    const dir = tempDir("ctl");
    const port = await freePort();
    fl = await startDaemon("flotilla", writeConfig({ dir, port, body: BODY, unix: true }), dir, port);
    await waitFor("alpha output", () => run(SUPERVISORCTL, ["-c", fl.conf, "tail", "alpha"]).stdout.includes("alpha-out"));
  });
  afterAll(cleanup);

  for (const transport of ["http", "unix"] as const) {
    test(`one-shot commands over ${transport}`, () => {
      const url = transport === "http" ? fl.url : `unix://${join(fl.dir, "s.sock")}`;
      const sequence = (client: string[]) =>
        COMMANDS.map((args) => {
          const r = run(client[0], [...client.slice(1), "-s", url, ...args]);
          // "Not started" becomes a stop date once the first client has started beta.
          return { args, out: normalise(r.stdout).replace("Not started", "DATE"), code: r.code };
        });
      const theirs = sequence([SUPERVISORCTL]);
      const ours = sequence([FLOTILLA, "ctl"]);
      expect(ours).toEqual(theirs);
    });
  }

  test("the interactive shell reads commands from stdin", () => {
    const input = "status alpha\nversion\nquit\n";
    const theirs = run(SUPERVISORCTL, ["-s", fl.url], { input });
    const ours = run(FLOTILLA, ["ctl", "-s", fl.url], { input });
    expect(normalise(ours.stdout)).toBe(normalise(theirs.stdout));
    expect(ours.code).toBe(theirs.code);
  });
});
