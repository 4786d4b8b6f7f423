// diffConfigs as supervisor.reloadConfig reports groups.
import { afterAll, describe, expect, test } from "bun:test";
import { diffConfigs } from "../../../src/config/diff.ts";
import { header, load, TempDir } from "./helpers.ts";

const dir = new TempDir();
afterAll(() => dir.remove());
const base = (extra = "", sd = "") =>
  `${header(dir)}${sd}[program:a]\ncommand=a\n[program:b]\ncommand=b\nstdout_logfile=AUTO\n[group:g]\nprograms=c\n[program:c]\ncommand=c\n${extra}`;

describe("diffConfigs", () => {
  const before = load(dir, base());

  test("identical configs: nothing", () => {
    expect(diffConfigs(before, load(dir, base()))).toEqual({ added: [], changed: [], removed: [] });
  });

  test.each([
    ["a new program", base("[program:d]\ncommand=d\n"), { added: ["d"], changed: [], removed: [] }],
    ["a removed group", base().replace("[group:g]\nprograms=c\n", ""), { added: ["c"], changed: [], removed: ["g"] }],
    ["a changed command", base().replace("command=a", "command=a2"), { added: [], changed: ["a"], removed: [] }],
    ["a group priority", base("[group:g]\npriority=5\n"), { added: [], changed: ["g"], removed: [] }],
    ["a process inside a group", base().replace("command=c", "command=c --x"), { added: [], changed: ["g"], removed: [] }],
    ["the supervisord environment changes every group", base("", "environment=X=1\n"), { added: [], changed: ["a", "b", "g"], removed: [] }],
    ["numprocs", base("[program:a]\nnumprocs=2\nprocess_name=%(program_name)s%(process_num)d\n"), { added: [], changed: ["a"], removed: [] }],
    ["an AUTO log file is never compared", base().replace("stdout_logfile=AUTO", "stdout_logfile=/tmp/b.log"), { added: [], changed: [], removed: [] }],
    ["user by uid", base("[program:a]\nuser=alice\n"), { added: [], changed: ["a"], removed: [] }],
  ])("%s", (_name, text, expected) => {
    expect(diffConfigs(before, load(dir, text))).toEqual(expected);
  });

  test("same uid written differently is no change", () => {
    const one = load(dir, base("[program:a]\nuser=alice\n"));
    expect(diffConfigs(one, load(dir, base("[program:a]\nuser=1000\n")))).toEqual({ added: [], changed: [], removed: [] });
  });

  test("lists are sorted", () => {
    const next = load(dir, `${header(dir)}[program:z]\ncommand=z\n[program:m]\ncommand=m\n`);
    expect(diffConfigs(before, next)).toEqual({ added: ["m", "z"], changed: [], removed: ["a", "b", "g"] });
  });
});
