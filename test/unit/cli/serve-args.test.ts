// `flotilla serve`'s command line (CFG-SD-01..18): every option of `supervisord -h`, converted as
// supervisord converts it, refused with supervisord's wording (checked against supervisord 4.2.5),
// and handed unchanged to a daemonized child.

import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseServeArgs, serveArgsOf, ServeUsageError, type ServeCommand } from "../../../src/cli/serve-args.ts";
import { serveUsage } from "../../../src/cli/serve-options.ts";

const dir = mkdtempSync(join(tmpdir(), "flotilla-serve-args-"));
const passwdFile = join(dir, "passwd");
writeFileSync(passwdFile, "root:x:0:0:root:/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ctx = { cwd: dir, env: { HOME: dir }, passwdFile };
const parse = (...argv: string[]): ServeCommand => parseServeArgs(argv, ctx);
const overrides = (...argv: string[]) => {
  const command = parse(...argv);
  if (command.kind !== "run") throw new Error(`not a run: ${command.kind}`);
  return command.overrides;
};
const refusal = (...argv: string[]): string => {
  try {
    parse(...argv);
  } catch (err) {
    if (err instanceof ServeUsageError) return err.message;
    throw err;
  }
  throw new Error(`accepted: ${argv.join(" ")}`);
};

describe("each option sets its [supervisord] value (CFG-SD-01..17)", () => {
  const cases: [string, string[], Record<string, unknown>][] = [
    ["CFG-SD-01 -l", ["-l", "main.log"], { logfile: join(dir, "main.log") }],
    ["CFG-SD-01 -l syslog", ["--logfile=syslog"], { logfile: "syslog" }],
    ["CFG-SD-01 -l ~", ["-l", "~/x.log"], { logfile: join(dir, "x.log") }],
    ["CFG-SD-02 -y", ["-y", "1KB"], { logfileMaxbytes: 1024 }],
    ["CFG-SD-03 -z", ["--logfile_backups", "3"], { logfileBackups: 3 }],
    ["CFG-SD-04 -e", ["-eDEBUG"], { loglevel: "debug" }],
    ["CFG-SD-05 -j", ["-j", "d.pid"], { pidfile: join(dir, "d.pid") }],
    ["CFG-SD-06 -m", ["-m", "077"], { umask: 0o77 }],
    ["CFG-SD-07 -n", ["-n"], { nodaemon: true }],
    ["CFG-SD-08 -s", ["--silent"], { silent: true }],
    ["CFG-SD-09 -a", ["-a", "64"], { minfds: 64 }],
    ["CFG-SD-10 --minprocs", ["--minprocs=10"], { minprocs: 10 }],
    ["CFG-SD-11 -k", ["-k"], { nocleanup: true }],
    ["CFG-SD-12 -q", ["-q", "."], { childlogdir: dir }],
    ["CFG-SD-13 -u", ["-u", "alice"], { user: "alice" }],
    ["CFG-SD-13 -u uid", ["-u", "0"], { user: "0" }],
    ["CFG-SD-14 -d", ["--directory", "."], { directory: dir }],
    ["CFG-SD-15 -t", ["--strip"], { stripAnsi: true }],
    ["CFG-SD-17 -i", ["-i", "server_1"], { identifier: "server_1" }],
    ["CFG-SD-17 -i empty", ["--identifier="], { identifier: "" }],
    ["grouped flags", ["-nkts"], { nodaemon: true, nocleanup: true, stripAnsi: true, silent: true }],
  ];
  for (const [name, argv, expected] of cases) test(name, () => expect(overrides(...argv)).toEqual(expected));

  test("CFG-SD-18 -c and --profile_options are kept apart from the [supervisord] values", () => {
    expect(parse("-c", "a.conf", "-i", "x", "--profile_options=cumulative")).toEqual({
      kind: "run",
      configFile: "a.conf",
      overrides: { identifier: "x" },
      profileOptions: "cumulative",
    });
    expect(parse()).toEqual({ kind: "run", configFile: null, overrides: {}, profileOptions: null });
  });

  test("CFG-SD-18 -h, -?, --help and -v act where they stand", () => {
    expect(parse("-h")).toEqual({ kind: "help" });
    expect(parse("-c", "x", "-?")).toEqual({ kind: "help" });
    expect(parse("--help", "-e", "bogus")).toEqual({ kind: "help" });
    expect(parse("-v")).toEqual({ kind: "version" });
    expect(refusal("-e", "bogus", "-h")).toStartWith("invalid value for -e 'bogus': ");
  });
});

describe("refusals are worded as supervisord's and name the option", () => {
  const cases: [string[], string][] = [
    [["-x"], "option -x not recognized"],
    [["--log=x"], "option --log not a unique prefix"],
    [["--config"], "option --configuration requires argument"],
    [["--nodaemon=1"], "option --nodaemon must not have an argument"],
    [["-c", "a", "-c", "b"], "conflicting command line option '-c'"],
    [["-n", "--nodaemon"], "conflicting command line option '--nodaemon'"],
    [["-c", "a", "foo", "bar"], "positional arguments are not supported: ['foo', 'bar']"],
  ];
  for (const [argv, message] of cases) test(argv.join(" "), () => expect(refusal(...argv)).toBe(message));

  const invalid: [string[], string][] = [
    [["-e", "bogus"], "invalid value for -e 'bogus': "],
    [["--logl=bogus"], "invalid value for --loglevel 'bogus': "],
    [["-m", "99"], "invalid value for -m '99': "],
    [["-y", "5XB"], "invalid value for -y '5XB': "],
    [["-z", "x"], "invalid value for -z 'x': "],
    [["-a", "x"], "invalid value for -a 'x': "],
    [["--minprocs=x"], "invalid value for --minprocs 'x': "],
    [["-d", "/nonexistent-dir"], "invalid value for -d '/nonexistent-dir': "],
    [["-q", "/nonexistent-dir"], "invalid value for -q '/nonexistent-dir': "],
    [["-l", "/nonexistent-dir/x.log"], "invalid value for -l '/nonexistent-dir/x.log': "],
    [["-j", "/nonexistent-dir/x.pid"], "invalid value for -j '/nonexistent-dir/x.pid': "],
    [["-u", "nosuchuser"], "invalid value for -u 'nosuchuser': "],
  ];
  for (const [argv, prefix] of invalid) test(argv.join(" "), () => expect(refusal(...argv)).toStartWith(prefix));
});

describe("serveArgsOf hands the values to a daemonized child", () => {
  test("parsing its output gives the same values back", () => {
    const argv = ["-nstk", "-u", "alice", "-m", "002", "-d", ".", "-l", "a.log", "-y", "1MB", "-z", "0", "-e", "warn",
      "-j", "a.pid", "-i", "-odd name", "-q", ".", "-a", "10", "--minprocs", "5"];
    const given = overrides(...argv);
    expect(Object.keys(given)).toHaveLength(16);
    expect(overrides(...serveArgsOf(given))).toEqual(given);
  });

  test("nothing given, nothing handed", () => expect(serveArgsOf({})).toEqual([]));
});

test("the help text lists every option of supervisord -h", () => {
  const usage = serveUsage();
  for (const name of ["-c/--configuration FILENAME", "-n/--nodaemon", "-s/--silent", "-h/--help", "-v/--version",
    "-u/--user USER", "-m/--umask UMASK", "-d/--directory DIRECTORY", "-l/--logfile FILENAME",
    "-y/--logfile_maxbytes BYTES", "-z/--logfile_backups NUM", "-e/--loglevel LEVEL", "-j/--pidfile FILENAME",
    "-i/--identifier STR", "-q/--childlogdir DIRECTORY", "-k/--nocleanup", "-a/--minfds NUM", "-t/--strip_ansi",
    "--minprocs NUM", "--profile_options OPTIONS"]) {
    expect(usage).toContain(`\n${name} -- `);
  }
});
