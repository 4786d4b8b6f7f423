// The argv of a child a daemon started, read from /proc once the child's exec is complete.

import { readFileSync } from "node:fs";
import { waitFor } from "./wait-for.ts";

/**
 * `/proc/<pid>/cmdline`, split. A daemon reports a child RUNNING (startsecs = 0) as soon as the
 * spawn returns, which is when the exec has begun: until the kernel has laid out the new
 * program's arguments the file reads empty, and on a loaded machine the child may wait that long
 * for a CPU. So the read waits for a non-empty command line; a child that never gets there (or
 * died: a zombie's reads empty too) fails with the deadline.
 * @example expect(await execArgv(pid)).toEqual(["/bin/sleep", "100009", "7"])
 */
export function execArgv(pid: number, timeoutMs = 15_000): Promise<string[]> {
  return waitFor(
    `pid ${pid} to finish its exec (a non-empty /proc/${pid}/cmdline)`,
    () => {
      const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
      return argv.length > 0 ? argv : null;
    },
    timeoutMs,
    10,
  );
}
