// `flotilla serve` takes supervisord's command line (CFG-SD-01..18): each option group is run on the
// compiled binary and, where supervisord is installed, on Debian's supervisord with the same file,
// and both must show the command-line value winning over the [supervisord] section.

import { afterEach, describe, expect, test } from "bun:test";
import { chmodSync, existsSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  cleanup,
  FLOTILLA,
  freePort,
  missingClient,
  run,
  startDaemon,
  SUPERVISORD,
  tempDir,
  waitFor,
  type DaemonHandle,
} from "./harness.ts";
import { XmlRpcTestClient } from "./rpc-client.ts";

/** Directories made here; the harness removes those of the daemons it started. */
const made: string[] = [];
const dirFor = (prefix: string): string => {
  const dir = tempDir(prefix);
  made.push(dir);
  return dir;
};
afterEach(async () => {
  await cleanup();
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const noSupervisord = missingClient(SUPERVISORD);
if (noSupervisord) test.skip(`comparisons with supervisord: ${noSupervisord}`, () => {});
const kinds: DaemonHandle["kind"][] = noSupervisord ? ["flotilla"] : ["flotilla", "supervisord"];
const isRoot = process.getuid?.() === 0;

interface Setup {
  dir: string;
  port: number;
  conf: string;
}

/** A file whose [supervisord] values are the ones the command line must beat. */
async function setup(supervisord: string, body = ""): Promise<Setup> {
  const dir = dirFor("cli");
  const port = await freePort();
  const conf = join(dir, "supervisord.conf");
  writeFileSync(
    conf,
    `[supervisord]
logfile=${dir}/file.log
pidfile=${dir}/file.pid
childlogdir=${dir}
identifier=fromfile
${supervisord}

[inet_http_server]
port=127.0.0.1:${port}

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
${body}
`,
  );
  return { dir, port, conf };
}

/** `kind` started in the foreground on `s` with `args` after the program name. */
async function start(kind: DaemonHandle["kind"], s: Setup, args: string[]): Promise<{ d: DaemonHandle; rpc: XmlRpcTestClient }> {
  const d = await startDaemon(kind, s.conf, s.dir, s.port, args);
  return { d, rpc: new XmlRpcTestClient(d.url) };
}

function pidAlive(pid: number): boolean {
  const stat = (() => {
    try {
      return readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      return "";
    }
  })();
  return stat !== "" && stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
}

function readPid(file: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(file, "utf8"), 10);
    return Number.isFinite(pid) ? pid : null;
  } catch {
    return null;
  }
}

/** A daemon gone to the background: its pid from the pid file, stopped with SIGTERM at the end. */
async function inBackground(pidfile: string, body: (pid: number) => Promise<void>): Promise<void> {
  const pid = await waitFor(`a live pid in ${pidfile}`, () => {
    const p = readPid(pidfile);
    return p !== null && pidAlive(p) ? p : null;
  });
  try {
    await body(pid);
  } finally {
    process.kill(pid, "SIGTERM");
    await waitFor(`pid ${pid} to exit`, () => !pidAlive(pid), 20_000);
  }
}

describe.each(kinds)("%s", (kind) => {
  const pre = kind === "flotilla" ? [] : ["-n"];

  test("CFG-SD-17 -i: getIdentification answers the command-line identifier, not the file's, after a restart too", async () => {
    const s = await setup("nodaemon=true");
    const { d, rpc } = await start(kind, s, [...pre, "-c", s.conf, "-i", "server_1"]);
    expect(await rpc.call("supervisor.getIdentification")).toBe("server_1");
    // A restart reads the file again and keeps the command line.
    const started = () => (readFileSync(`${s.dir}/file.log`, "utf8").match(/started with pid/g) ?? []).length;
    await waitFor("the started line", () => started() === 1);
    d.child.kill("SIGHUP");
    await waitFor("a second life", () => started() === 2);
    expect(await waitFor("an answer after the restart", () => rpc.call("supervisor.getIdentification"))).toBe("server_1");
  });

  test("CFG-SD-18 -c: --configuration=FILE, -cFILE and a path relative to the working directory", async () => {
    for (const form of [["--configuration=supervisord.conf"], ["-csupervisord.conf"], ["--conf", "supervisord.conf"]]) {
      const s = await setup("nodaemon=true");
      const { d, rpc } = await start(kind, s, [...pre, ...form, "--identifier=long_form"]);
      expect(await rpc.call("supervisor.getIdentification")).toBe("long_form");
      expect(await rpc.call("supervisor.getState")).toEqual({ statecode: 1, statename: "RUNNING" });
      d.child.kill("SIGTERM");
      await waitFor("the daemon to exit", () => d.child.exitCode !== null || d.child.signalCode !== null, 20_000);
    }
  });

  test("CFG-SD-07/08 -n keeps it in the foreground with the log on stdout; -s silences stdout", async () => {
    const s = await setup("nodaemon=false\nloglevel=info");
    const loud = await start(kind, s, ["-n", "-c", s.conf]);
    expect(readPid(`${s.dir}/file.pid`)).toBe(loud.d.child.pid!);
    await waitFor("the started line on stdout", () => /started with pid/.test(loud.d.output()));
    const s2 = await setup("nodaemon=false\nloglevel=info");
    const quiet = await start(kind, s2, ["-c", s2.conf, "-n", "-s"]);
    await waitFor("the started line in the log file", () => /started with pid/.test(readFileSync(`${s2.dir}/file.log`, "utf8")));
    expect(quiet.d.output()).not.toContain("started with pid");
  });

  test("CFG-SD-01/04 -l and -e: the log goes to the command-line file at the command-line level", async () => {
    const s = await setup("nodaemon=true\nloglevel=critical");
    await start(kind, s, [...pre, "-c", s.conf, "-l", "cli.log", "-e", "info"]);
    await waitFor("the INFO started line in cli.log", () =>
      existsSync(`${s.dir}/cli.log`) && /INFO \S+ started with pid/.test(readFileSync(`${s.dir}/cli.log`, "utf8")),
    );
    expect(existsSync(`${s.dir}/file.log`)).toBe(false);
  });

  test("CFG-SD-02/03 -y and -z: the log rotates at the command-line size, keeping that many backups", async () => {
    // A program that exits at once and is restarted writes INFO lines without end.
    const s = await setup(
      "nodaemon=true\nloglevel=info\nlogfile_maxbytes=50MB\nlogfile_backups=10",
      "[program:churn]\ncommand=/bin/true\nstartsecs=0\nautorestart=true\n",
    );
    await start(kind, s, [...pre, "-c", s.conf, "-y", "300", "-z", "1"]);
    const first = await waitFor("a first backup of the log", () => existsSync(`${s.dir}/file.log.1`) && readFileSync(`${s.dir}/file.log.1`, "utf8"));
    await waitFor("a second rotation", () => readFileSync(`${s.dir}/file.log.1`, "utf8") !== first);
    expect(existsSync(`${s.dir}/file.log.2`)).toBe(false);
  });

  test("CFG-SD-05 -j: the pid file named on the command line holds the daemon's pid", async () => {
    const s = await setup("nodaemon=true");
    const { d } = await start(kind, s, [...pre, "-c", s.conf, "--pidfile", "cli.pid"]);
    await waitFor("cli.pid", () => readPid(`${s.dir}/cli.pid`) === d.child.pid);
    expect(existsSync(`${s.dir}/file.pid`)).toBe(false);
  });

  // supervisord sets its umask when it daemonizes only (options.py, daemonize): compared there.
  test("CFG-SD-06/14 -m and -d: daemonized, it runs in the command-line directory with that umask", async () => {
    const s = await setup(
      "nodaemon=false\ndirectory=/\numask=022",
      "[program:mask]\ncommand=/bin/sh -c 'umask; exec sleep 60'\nstartsecs=0\nstdout_logfile=%(here)s/mask.log\n",
    );
    const there = dirFor("cli-dir");
    const bin = kind === "flotilla" ? FLOTILLA : SUPERVISORD;
    const args = ["-c", s.conf, "-d", there, "-j", `${s.dir}/bg.pid`, "-m", "077", "-i", "bg_1"];
    const out = run(bin, [...(kind === "flotilla" ? ["serve"] : []), ...args]);
    expect(out.code).toBe(0);
    await inBackground(`${s.dir}/bg.pid`, async (pid) => {
      expect(readlinkSync(`/proc/${pid}/cwd`)).toBe(there);
      await waitFor("the child's umask in its log", () => existsSync(`${s.dir}/mask.log`) && readFileSync(`${s.dir}/mask.log`, "utf8") === "0077\n");
      expect(await new XmlRpcTestClient(`http://127.0.0.1:${s.port}`).call("supervisor.getIdentification")).toBe("bg_1");
    });
  });

  test("CFG-SD-06 -m in the foreground: the children inherit the umask the daemon was started with", async () => {
    const s = await setup("nodaemon=true\numask=022", "[program:mask]\ncommand=/bin/sh -c 'umask; exec sleep 60'\nstartsecs=0\nstdout_logfile=%(here)s/mask.log\n");
    const inherited = `0${process.umask().toString(8).padStart(3, "0")}\n`;
    expect(inherited).not.toBe("0077\n");
    await start(kind, s, [...pre, "-c", s.conf, "-m", "077"]);
    await waitFor("the child's umask in its log", () => existsSync(`${s.dir}/mask.log`) && readFileSync(`${s.dir}/mask.log`, "utf8") !== "");
    expect(readFileSync(`${s.dir}/mask.log`, "utf8")).toBe(inherited);
  });

  test.skipIf(!isRoot)("CFG-SD-13 -u (as root): the daemon and its children run as that user", async () => {
    const s = await setup(
      "nodaemon=true",
      "[program:who]\ncommand=/bin/sh -c 'id -u; exec sleep 60'\nstartsecs=0\nstdout_logfile=%(here)s/who.log\n",
    );
    chmodSync(s.dir, 0o777);
    const nobody = Number(run("id", ["-u", "nobody"]).stdout.trim());
    const { d } = await start(kind, s, [...pre, "-c", s.conf, "-u", "nobody"]);
    expect(readFileSync(`/proc/${d.child.pid}/status`, "utf8")).toMatch(new RegExp(`\\nUid:\\t${nobody}\\t`));
    await waitFor("the child's uid in its log", () => existsSync(`${s.dir}/who.log`) && readFileSync(`${s.dir}/who.log`, "utf8") === `${nobody}\n`);
  });

  test("CFG-SD-12/15 -q and -t: AUTO child logs go to the command-line directory, ANSI codes stripped", async () => {
    const s = await setup(
      "nodaemon=true",
      "[program:paint]\ncommand=/bin/sh -c 'printf \"\\033[31mred\\033[0m\\n\"; exec sleep 60'\nstartsecs=0\n",
    );
    const logs = dirFor("cli-logs");
    const { rpc } = await start(kind, s, [...pre, "-c", s.conf, "-q", logs, "-t"]);
    const info = await waitFor("paint to be RUNNING", async () => {
      const i = (await rpc.call("supervisor.getProcessInfo", "paint")) as Record<string, unknown>;
      return i.statename === "RUNNING" ? i : null;
    });
    expect(String(info.stdout_logfile).startsWith(`${logs}/paint-stdout---`)).toBe(true);
    const text = await waitFor("paint's output", () => {
      const t = readFileSync(String(info.stdout_logfile), "utf8");
      return t.includes("red") ? t : null;
    });
    expect(text).toBe("red\n");
  });

  test("CFG-SD-09/10/11 -a, --minprocs and -k are accepted and the daemon runs", async () => {
    const s = await setup("nodaemon=true");
    const { rpc } = await start(kind, s, [...pre, "-c", s.conf, "-a", "64", "--minprocs=10", "-k"]);
    expect(await rpc.call("supervisor.getState")).toEqual({ statecode: 1, statename: "RUNNING" });
  });
});

describe("refusals and help", () => {
  const serve = (...args: string[]) => run(FLOTILLA, ["serve", ...args]);

  test.skipIf(noSupervisord !== null)("CFG-SD-18 a refused command line gives supervisord's message, status 2", async () => {
    const s = await setup("nodaemon=true");
    for (const args of [["-x"], ["--log=x"], ["--config"], ["--nodaemon=1"], ["-c", s.conf, "-c", s.conf], ["-c", s.conf, "foo"],
      ["-n", "-n"], ["-u"]]) {
      const ours = serve(...args);
      const theirs = run(SUPERVISORD, args);
      expect(ours.code).toBe(2);
      expect(theirs.code).toBe(2);
      expect(ours.stderr.split("\n")[0]).toBe(theirs.stderr.split("\n")[0] as string);
      expect(ours.stderr).toContain("For help, use flotilla serve -h\n");
    }
  });

  test("CFG-SD-18 an invalid value names the option, status 2", () => {
    const out = serve("-c", "x.conf", "--loglevel=loud");
    expect(out.code).toBe(2);
    expect(out.stderr).toStartWith("Error: invalid value for --loglevel 'loud': ");
  });

  test("CFG-SD-18 -h and -v", () => {
    const help = serve("-h");
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("\n-i/--identifier STR -- ");
    const version = serve("-v");
    expect(version.code).toBe(0);
    expect(version.stdout).toBe(`${run(FLOTILLA, ["version"]).stdout}`);
  });
});

describe("Supvisors", () => {
  test("CFG-SD-17 with an empty supvisors_list, -i becomes the local instance's nick", async () => {
    const s = await setup("nodaemon=true", "[supvisors]\ntick_period = 0.2\n");
    const { rpc } = await start("flotilla", s, ["-c", s.conf, "-i", "server_1"]);
    const state = (await rpc.call("supvisors.get_supvisors_state")) as Record<string, unknown>;
    expect(state.nick_identifier).toBe("server_1");
    expect(await rpc.call("supervisor.getIdentification")).toBe("server_1");
  });
});
