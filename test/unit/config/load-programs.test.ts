// [program:x] options, expansions per option, numprocs, and group assembly.
import { afterAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { ProcessConfig } from "../../../src/config/model.ts";
import { header, load, loadError, TempDir } from "./helpers.ts";

const dir = new TempDir();
afterAll(() => dir.remove());
const file = join(dir.path, "supervisord.conf");

function one(programBody: string, extra = ""): ProcessConfig {
  const c = load(dir, `${header(dir)}[program:p]\n${programBody}\n${extra}`);
  const p = c.groups[0]?.processes[0];
  if (!p) throw new Error("no process");
  return p;
}

describe("program defaults", () => {
  test("every default", () => {
    const p = one("command = /bin/cat");
    expect(p).toEqual({
      name: "p",
      programName: "p",
      processNum: 0,
      command: "/bin/cat",
      environment: {},
      directory: null,
      umask: null,
      user: null,
      uid: null,
      priority: 999,
      autostart: true,
      autorestart: "unexpected",
      exitcodes: [0],
      startsecs: 1,
      startretries: 3,
      stopsignal: 15,
      stopwaitsecs: 10,
      stopasgroup: false,
      killasgroup: false,
      redirectStderr: false,
      stdout: { logfile: { kind: "auto" }, maxbytes: 52428800, backups: 10, captureMaxbytes: 0, eventsEnabled: false, syslog: false },
      stderr: { logfile: { kind: "auto" }, maxbytes: 52428800, backups: 10, captureMaxbytes: 0, eventsEnabled: false, syslog: false },
      serverurl: "AUTO",
      source: { file, line: 4 },
    });
  });
});

describe("program conversions", () => {
  test("all options set", () => {
    dir.mkdir("logs");
    const p = one(
      [
        "command = /bin/sleep 10",
        "priority = 5",
        "autostart = false",
        "autorestart = true",
        "startsecs = 0",
        "startretries = 7",
        "stopsignal = SIGUSR1",
        "stopwaitsecs = 2",
        "stopasgroup = true",
        "exitcodes = 0,2",
        "user = 1000",
        "umask = 002",
        "directory = /srv",
        "environment = A=1,B=\"x y\"",
        "serverurl = http://127.0.0.1:9001",
        "stdout_logfile = logs/out.log",
        "stdout_logfile_maxbytes = 1MB",
        "stdout_logfile_backups = 3",
        "stdout_capture_maxbytes = 1KB",
        "stdout_events_enabled = true",
        "stdout_syslog = true",
        "stderr_logfile = NONE",
        "stderr_logfile_maxbytes = 0",
        "stderr_logfile_backups = 0",
      ].join("\n"),
    );
    expect(p).toMatchObject({
      priority: 5,
      autostart: false,
      autorestart: "true",
      startsecs: 0,
      startretries: 7,
      stopsignal: 10,
      stopwaitsecs: 2,
      stopasgroup: true,
      killasgroup: true,
      exitcodes: [0, 2],
      user: "1000",
      uid: 1000,
      umask: 2,
      directory: "/srv",
      environment: { A: "1", B: "x y" },
      serverurl: "http://127.0.0.1:9001",
      stdout: { logfile: { kind: "file", path: "logs/out.log" }, maxbytes: 1048576, backups: 3, captureMaxbytes: 1024, eventsEnabled: true, syslog: true },
      stderr: { logfile: { kind: "none" }, maxbytes: 0, backups: 0, captureMaxbytes: 0, eventsEnabled: false, syslog: false },
    });
  });

  test.each([
    ["off", { kind: "none" }],
    ["none", { kind: "none" }],
    ["Auto", { kind: "auto" }],
  ])("stdout_logfile %p", (v, target) => {
    expect(one(`command=x\nstdout_logfile=${v}`).stdout.logfile).toEqual(target as ProcessConfig["stdout"]["logfile"]);
  });

  test("syslog log target becomes NONE + syslog=true with a warning", () => {
    const c = load(dir, `${header(dir)}[program:p]\ncommand=x\nstdout_logfile=syslog\n`);
    expect(c.groups[0]?.processes[0]?.stdout).toMatchObject({ logfile: { kind: "none" }, syslog: true });
    expect(c.warnings).toEqual([
      "For [program:p], stdout_logfile=syslog but this is deprecated and will be removed.  Use stdout_syslog=true to enable syslog instead.",
    ]);
  });

  test("redirect_stderr drops the stderr file with a warning", () => {
    const c = load(dir, `${header(dir)}[program:p]\ncommand=x\nredirect_stderr=true\nstderr_logfile=/tmp/e.log\n`);
    expect(c.groups[0]?.processes[0]).toMatchObject({ redirectStderr: true, stderr: { logfile: { kind: "none" } } });
    expect(c.warnings[0]).toContain("redirect_stderr=true but stderr_logfile has also been set to a filename");
  });

  test("AUTO without rollover warns once", () => {
    const c = load(dir, `${header(dir)}[program:p]\ncommand=x\nnumprocs=2\nprocess_name=%(process_num)s\nstdout_logfile_maxbytes=0\n`);
    expect(c.warnings).toEqual([
      "For [program:p], AUTO logging used for stdout_logfile without rollover, set maxbytes > 0 to avoid filling up filesystem unintentionally",
    ]);
  });

  test("[DEFAULT] options apply to programs", () => {
    expect(one("command=x", "[DEFAULT]\nautorestart=true\n").autorestart).toBe("true");
  });
});

describe("expansions", () => {
  test("names available in command and the per-process options", () => {
    const c = load(
      dir,
      `${header(dir)}[program:web]\n` +
        "command = /bin/run %(program_name)s %(group_name)s %(host_node_name)s %(here)s %(process_num)02d/%(numprocs)d %(ENV_FOO)s %(ENV_LOCAL)s 100%%\n" +
        "process_name = %(program_name)s-%(process_num)d\n" +
        "numprocs = 2\nnumprocs_start = 7\n" +
        "environment = LOCAL=\"n%(process_num)d\"\n" +
        "directory = /srv/%(process_num)d\n" +
        "stdout_logfile = /tmp/%(program_name)s-%(process_num)d.log\n" +
        "stdout_logfile_backups = %(process_num)d\n",
    );
    const ps = c.groups[0]?.processes ?? [];
    expect(ps.map((p) => p.name)).toEqual(["web-7", "web-8"]);
    expect(ps.map((p) => p.processNum)).toEqual([7, 8]);
    expect(ps[0]?.command).toBe(`/bin/run web web node1 ${dir.path} 07/2 bar n7 100%`);
    expect(ps[1]?.environment).toEqual({ LOCAL: "n8" });
    expect(ps[1]?.directory).toBe("/srv/8");
    expect(ps[1]?.stdout.logfile).toEqual({ kind: "file", path: "/tmp/web-8.log" });
    expect(ps[1]?.stdout.backups).toBe(8);
  });

  test("group_name is the heterogeneous group's name", () => {
    const c = load(dir, `${header(dir)}[program:p]\ncommand=/bin/%(group_name)s\npriority=%(ENV_FOO)s1\n[group:g]\nprograms=p\n`.replace("%(ENV_FOO)s1", "1"));
    expect(c.groups.map((g) => [g.name, g.processes[0]?.command])).toEqual([["g", "/bin/g"]]);
  });

  test.each([
    ["priority", "%(process_num)d", "Available names: ENV_FOO, ENV_HOME, ENV_TMPDIR, here."],
    ["startsecs", "%(process_num)d", "Available names: ENV_FOO, ENV_HOME, ENV_TMPDIR, group_name, here, host_node_name, program_name."],
    ["user", "%(numprocs)d", "group_name, here, host_node_name, program_name."],
    ["command", "%(nope)s", "ENV_TMPDIR, group_name, here, host_node_name, numprocs, process_num, program_name."],
  ])("%s cannot use %s", (option, value, names) => {
    const text = `${header(dir)}[program:p]\ncommand=x\n${option}=${value}\n`;
    const message = loadError(dir, text);
    expect(message).toStartWith(`${file}:6: [program:p] ${option}: '${value}' uses`);
    expect(message).toContain(names);
  });

  test("a program's own environment is usable in command but not in environment", () => {
    expect(one('command=/bin/%(ENV_X)s\nenvironment=X="y"').command).toBe("/bin/y");
    expect(loadError(dir, `${header(dir)}[program:p]\ncommand=x\nenvironment=X=1,Y=%(ENV_X)s\n`)).toContain("uses %(ENV_X)s");
  });

  test("log file names are expanded twice, as supervisord does", () => {
    expect(one("command=x\nstdout_logfile=/tmp/a%%%%b.log").stdout.logfile).toEqual({ kind: "file", path: "/tmp/a%b.log" });
    expect(loadError(dir, `${header(dir)}[program:p]\ncommand=x\nstdout_logfile=/tmp/a%%b.log\n`)).toContain("badly formatted");
  });

  test("process_name is validated before expansion", () => {
    expect(loadError(dir, `${header(dir)}[program:p]\ncommand=x\nprocess_name=a:b\n`)).toBe(
      `${file}:6: [program:p] process_name: invalid name 'a:b': the character ':' is not allowed`,
    );
  });
});

describe("numprocs", () => {
  test("numprocs > 1 requires process_num in process_name", () => {
    expect(loadError(dir, `${header(dir)}[program:p]\ncommand=x\nnumprocs=3\n`)).toBe(
      `${file}:6: [program:p] numprocs: numprocs is 3, so process_name must contain %(process_num) to give each process its own name; write e.g. process_name = %(program_name)s_%(process_num)02d`,
    );
  });
  test("processes sort by name as strings", () => {
    const c = load(dir, `${header(dir)}[program:p]\ncommand=x\nnumprocs=11\nprocess_name=p_%(process_num)d\n`);
    expect(c.groups[0]?.processes.slice(0, 4).map((p) => p.name)).toEqual(["p_0", "p_1", "p_10", "p_2"]);
  });
  test("numprocs = 0 gives an empty group", () => {
    expect(load(dir, `${header(dir)}[program:p]\ncommand=x\nnumprocs=0\n`).groups[0]?.processes).toEqual([]);
  });
  test("stopasgroup without killasgroup", () => {
    expect(loadError(dir, `${header(dir)}[program:p]\ncommand=x\nstopasgroup=true\nkillasgroup=false\n`)).toStartWith(
      `${file}:7: [program:p] killasgroup: stopasgroup=true requires killasgroup=true`,
    );
  });
});

describe("groups", () => {
  const text = (dirText: string) =>
    `${dirText}[program:a]\ncommand=a\npriority=300\n[program:b]\ncommand=b\n[program:c]\ncommand=c\npriority=1\n` +
    `[group:g1]\nprograms=b,a\npriority=100\n[group:g2]\nprograms=a\n[program:z]\ncommand=z\npriority=100\n`;

  test("programs in groups lose their own group; sorting by (priority, name)", () => {
    const c = load(dir, text(header(dir)));
    expect(c.groups.map((g) => [g.name, g.priority, g.processes.map((p) => p.name)])).toEqual([
      ["c", 1, ["c"]],
      ["g1", 100, ["b", "a"]],
      ["z", 100, ["z"]],
      ["g2", 999, ["a"]],
    ]);
    expect(c.groups[1]?.processes.map((p) => p.priority)).toEqual([999, 300]);
  });

  test("unknown program in a group", () => {
    expect(loadError(dir, `${header(dir)}[group:g]\nprograms = a, nope\n[program:a]\ncommand=a\n`)).toBe(
      `${file}:5: [group:g] programs: program 'nope' is not defined; add a [program:nope] section or remove it from programs`,
    );
  });

  test("program and fcgi-program with the same name", () => {
    expect(loadError(dir, `${header(dir)}[group:g]\nprograms=a\n[program:a]\ncommand=a\n[fcgi-program:a]\ncommand=a\n`)).toContain("'a' is ambiguous");
  });

  test("a group without programs is empty, with a warning", () => {
    const c = load(dir, `${header(dir)}[group:g]\n`);
    expect(c.groups).toEqual([{ name: "g", priority: 999, processes: [], source: { file, line: 4 } }]);
    expect(c.warnings[0]).toContain("lists no programs");
  });

  test("a group and a program with the same name: the first in order wins", () => {
    const c = load(dir, `${header(dir)}[group:x]\nprograms=a\npriority=5\n[program:a]\ncommand=a\n[program:x]\ncommand=x\n`);
    expect(c.groups.map((g) => [g.name, g.processes.map((p) => p.name)])).toEqual([["x", ["a"]]]);
    expect(c.warnings[0]).toContain("two groups are named 'x'");
  });

  test("invalid section names", () => {
    expect(loadError(dir, `${header(dir)}[program:a b]\ncommand=x\n`)).toBe(
      `${file}:4: [program:a b]: invalid name 'a b': the character ' ' is not allowed`,
    );
    expect(loadError(dir, `${header(dir)}[program:]\ncommand=x\n`)).toContain("has no program name");
  });
});

describe("located conversion errors", () => {
  test.each([
    ["startsecs = abc", "startsecs: 'abc' is not a valid integer; write a whole number such as 10"],
    ["autostart = maybe", "autostart: 'maybe' is not a valid boolean; write true or false"],
    ["stopsignal = BOGUS", "stopsignal: 'BOGUS' is not a valid signal name"],
    ["exitcodes = 0,300", "exitcodes: exit code 300 in '0,300' is out of range; use 0 to 255"],
    ["umask = 9", "umask: '9' is not a valid octal number"],
    ["user = ghost", "user: unknown user 'ghost'"],
    ["stdout_logfile = /nonexistent/dir/x.log", "stdout_logfile: the directory of '/nonexistent/dir/x.log' does not exist"],
    ["stdout_logfile_maxbytes = 5TB", "stdout_logfile_maxbytes: '5TB' is not a valid byte size"],
    ['environment = A="x', "environment: 'A=\"x' is not a valid list of KEY=value pairs: no closing quotation"],
  ])("%p", (line, message) => {
    expect(loadError(dir, `${header(dir)}[program:web]\ncommand = x\n${line}\n`)).toStartWith(`${file}:6: [program:web] ${message}`);
  });

  test("missing command points at the section header", () => {
    expect(loadError(dir, `${header(dir)}\n[program:web]\nautostart=true\n`)).toBe(
      `${file}:5: [program:web] command: no command given; add e.g. command = /usr/bin/myprogram --option`,
    );
  });

  test("multi-line value errors point at the option line", () => {
    expect(loadError(dir, `${header(dir)}[program:web]\ncommand = x\nstartsecs =\n   12x\n`)).toStartWith(
      `${file}:6: [program:web] startsecs: '\\n12x' is not a valid integer`,
    );
    // Python's int() ignores the surrounding newline, so the continued value itself is valid.
    expect(one("command = x\nstartsecs =\n   12").startsecs).toBe(12);
  });
});
