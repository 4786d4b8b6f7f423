// Comparison with the real thing: Debian's supervisord 4.2.5 loads the same configuration, and its
// supervisor.getAllConfigInfo must agree with what loadConfig resolved, field by field.
// Skipped (with the reason in its name) when /usr/bin/supervisord is not installed.
import { afterAll, expect, test } from "bun:test";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { hostname } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../../src/config/load.ts";
import type { LogTarget, ProcessConfig, SupervisordConfig } from "../../../src/config/model.ts";
import { TempDir } from "./helpers.ts";

const SUPERVISORD = "/usr/bin/supervisord";
const PYTHON = "/usr/bin/python3";
const available = existsSync(SUPERVISORD) && existsSync(PYTHON);
if (!available) console.log(`skipping the supervisord comparison: ${SUPERVISORD} or ${PYTHON} is not installed`);

const dir = new TempDir();
let daemon: ChildProcess | null = null;
afterAll(async () => {
  if (daemon && daemon.exitCode === null && daemon.signalCode === null) {
    const exited = new Promise((resolve) => daemon?.once("exit", resolve));
    daemon.kill("SIGTERM");
    await exited;
  }
  dir.remove();
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

// Polls until the daemon answers (10 s deadline), then prints getAllConfigInfo as JSON.
const QUERY = `
import json, sys, time, xmlrpc.client
proxy = xmlrpc.client.ServerProxy("http://127.0.0.1:%s/RPC2" % sys.argv[1])
deadline = time.time() + 10
while True:
    try:
        print(json.dumps(proxy.supervisor.getAllConfigInfo()))
        break
    except (ConnectionError, OSError):
        if time.time() > deadline:
            raise
        time.sleep(0.05)
`;

function logfileAsReported(t: LogTarget): string {
  return t.kind === "auto" ? "auto" : t.kind === "none" || t.kind === "syslog" ? "none" : t.path;
}

/** Our resolved process in the shape (and with the None/Automatic spellings) of getAllConfigInfo. */
function asConfigInfo(group: SupervisordConfig["groups"][number], p: ProcessConfig): Record<string, unknown> {
  return {
    name: p.name,
    group: group.name,
    group_prio: group.priority,
    process_prio: p.priority,
    command: p.command,
    autostart: p.autostart,
    directory: p.directory ?? "none",
    uid: p.uid ?? "none",
    exitcodes: p.exitcodes,
    killasgroup: p.killasgroup,
    redirect_stderr: p.redirectStderr,
    startretries: p.startretries,
    startsecs: p.startsecs,
    stopsignal: p.stopsignal,
    stopwaitsecs: p.stopwaitsecs,
    serverurl: p.serverurl === "AUTO" ? "none" : p.serverurl,
    stdout_logfile: logfileAsReported(p.stdout.logfile),
    stdout_logfile_backups: p.stdout.backups,
    stdout_logfile_maxbytes: p.stdout.maxbytes,
    stdout_capture_maxbytes: p.stdout.captureMaxbytes,
    stdout_events_enabled: p.stdout.eventsEnabled,
    stdout_syslog: p.stdout.syslog,
    stderr_logfile: logfileAsReported(p.stderr.logfile),
    stderr_logfile_backups: p.stderr.backups,
    stderr_logfile_maxbytes: p.stderr.maxbytes,
    stderr_capture_maxbytes: p.stderr.captureMaxbytes,
    stderr_events_enabled: p.stderr.eventsEnabled,
    stderr_syslog: p.stderr.syslog,
  };
}

test.skipIf(!available)(
  "getAllConfigInfo of Debian's supervisord matches loadConfig (skipped when /usr/bin/supervisord is missing)",
  async () => {
    const port = await freePort();
    dir.mkdir("logs");
    dir.write("conf.d/extra.conf", "[program:inc]\ncommand=/bin/sleep 1 %(here)s\nautostart=false\nstdout_logfile=%(here)s/inc.log\n");
    const file = dir.write(
      "supervisord.conf",
      `[supervisord]
logfile = ${dir.path}/logs/supervisord.log
pidfile = ${dir.path}/supervisord.pid
childlogdir = ${dir.path}/logs
nodaemon = true
environment = SHARED="s,1"

[inet_http_server]
port = 127.0.0.1:${port}

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[include]
files = conf.d/*.conf

[program:web]
command = /bin/sleep 100 --name %(program_name)s_%(process_num)02d %(ENV_SHARED)s %(ENV_OWN)s ;comment
process_name = %(program_name)s_%(process_num)d
numprocs = 3
numprocs_start = 8
autostart = false
environment = OWN="o %(process_num)d"
directory = /tmp
priority = 20
stopsignal = quit
stopwaitsecs = 3
stopasgroup = true
exitcodes = 0,2
startsecs = 0
startretries = 5
redirect_stderr = true
stdout_logfile = ${dir.path}/logs/%(program_name)s-%(process_num)d.log
stdout_logfile_maxbytes = 1MB
stdout_logfile_backups = %(process_num)d
stdout_capture_maxbytes = 2KB
stdout_events_enabled = yes

[program:worker]
command = /bin/sleep 100
  --continued
autostart = false
user = root
autorestart = true
stdout_logfile = NONE
stderr_logfile = syslog
serverurl = http://127.0.0.1:1/x
killasgroup = on

[program:db]
command = /bin/sleep 100 %(group_name)s %(host_node_name)s
autostart = false
priority = 5
stopsignal = 9
stderr_logfile_maxbytes = 0
stderr_syslog = true

[group:backend]
programs = db, worker
priority = 10

[group:copy]
programs = db
`,
    );
    const env = { PATH: "/usr/bin:/bin", HOME: dir.path };
    const ours = loadConfig(file, { env, cwd: dir.path, hostNodeName: hostname() });
    daemon = spawn(SUPERVISORD, ["-c", file], { cwd: dir.path, env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    daemon.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));

    const query = spawnSync(PYTHON, ["-c", QUERY, String(port)], { encoding: "utf8", timeout: 20_000 });
    if (query.status !== 0) throw new Error(`query failed: ${query.stderr}\nsupervisord: ${stderr}`);
    const theirs = (JSON.parse(query.stdout) as Record<string, unknown>[]).map((info) => {
      const { inuse: _inuse, ...rest } = info;
      return rest;
    });

    const mine = ours.groups
      .flatMap((g) => g.processes.map((p) => asConfigInfo(g, p)))
      .sort((a, b) => (String(a.name) < String(b.name) ? -1 : String(a.name) > String(b.name) ? 1 : 0));
    expect(theirs.length).toBe(7);
    // Python's sort by name is stable; ours is too, so processes listed twice keep group order.
    expect(mine.map((m) => `${m.group}:${m.name}`).sort()).toEqual(theirs.map((t) => `${t.group}:${t.name}`).sort());
    for (const t of theirs) {
      const m = mine.find((x) => x.name === t.name && x.group === t.group);
      // supervisord reports an AUTO log by the file it created: <childlogdir>/<name>-<channel>---<identifier>-XXXX.log
      for (const channel of ["stdout", "stderr"]) {
        const key = `${channel}_logfile`;
        if (m?.[key] !== "auto") continue;
        expect(String(t[key])).toStartWith(`${ours.server.childlogdir}/${t.name}-${channel}---supervisor-`);
        t[key] = "auto";
      }
      expect(m).toEqual(t);
    }
  },
  30_000,
);
