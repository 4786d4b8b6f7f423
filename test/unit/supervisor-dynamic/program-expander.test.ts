// The numprocs re-expansion reads the program section again from the files a configuration was
// loaded from (main file and includes, each with its own %(here)s), with the names supervisord
// gives it (ENV_*, [supervisord] environment, process_num, numprocs, group_name).
import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../../src/config/index.ts";
import { NumprocsNotApplicable, allowsNumprocs, fileProgramExpander } from "../../../src/supervisor/program-expander.ts";

const dir = mkdtempSync(join(tmpdir(), "flotilla-expander-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

mkdirSync(join(dir, "conf.d"));
const main = write(
  "supervisord.conf",
  `[supervisord]
logfile=${dir}/main.log
environment=ROLE="worker"

[include]
files = conf.d/*.conf

[program:solo]
command = /bin/true
`,
);
write(
  "conf.d/w.conf",
  `[program:w]
command = /bin/echo %(ENV_ROLE)s %(process_num)d/%(numprocs)d %(group_name)s %(here)s
process_name = %(program_name)s_%(process_num)02d
numprocs = 2
numprocs_start = 5
priority = 7

[group:both]
programs = w
`,
);

describe("fileProgramExpander", () => {
  const opts = { env: { PATH: "/usr/bin" }, cwd: dir, hostNodeName: "host" };

  test("ST-DYN-03 the program with another numprocs, per group, as loadConfig would expand it", () => {
    const config = loadConfig(main, opts);
    expect(config.groups.map((g) => [g.name, g.processes.map((p) => p.name)])).toEqual([["both", ["w_05", "w_06"]], ["solo", ["solo"]]]);
    const expanded = fileProgramExpander(config, opts).expand("w", ["both"], 3);
    const procs = expanded.get("both")!;
    expect(procs.map((p) => [p.name, p.processNum, p.priority])).toEqual([["w_05", 5, 7], ["w_06", 6, 7], ["w_07", 7, 7]]);
    expect(procs[2].command).toBe(`/bin/echo worker 7/3 both ${join(dir, "conf.d")}`);
    // Unchanged processes come out equal to the loaded ones (apart from the numprocs name).
    expect({ ...procs[0], command: "" }).toEqual({ ...config.groups[0].processes[0], command: "" });
  });

  test("ST-DYN-04 NOT_APPLICABLE without %(process_num); a vanished section is an error naming the file", () => {
    const config = loadConfig(main, opts);
    const expander = fileProgramExpander(config, opts);
    expect(() => expander.expand("solo", ["solo"], 2)).toThrow(NumprocsNotApplicable);
    expect(expander.expand("solo", ["solo"], 1).get("solo")!.map((p) => p.name)).toEqual(["solo"]);
    expect(() => expander.expand("ghost", ["ghost"], 2)).toThrow(`[program:ghost] is no longer in ${main}`);
  });

  test.each([
    ["%(program_name)s", 1, true],
    ["%(program_name)s", 2, false],
    ["%(program_name)s_%(process_num)d", 5, true],
  ] as const)("allowsNumprocs(%s, %d) = %s", (template, n, ok) => {
    expect(allowsNumprocs(template, n)).toBe(ok);
  });
});
