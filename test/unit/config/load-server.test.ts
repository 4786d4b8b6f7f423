// [supervisord], HTTP servers, [supervisorctl], plugins, section bookkeeping.
import { afterAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { loadConfig } from "../../../src/config/load.ts";
import { header, load, loadError, TempDir } from "./helpers.ts";

const dir = new TempDir();
afterAll(() => dir.remove());

describe("[supervisord]", () => {
  test("defaults", () => {
    const c = load(dir, "[supervisord]\n");
    expect(c.file).toBe(join(dir.path, "supervisord.conf"));
    expect(c.here).toBe(dir.path);
    expect(c.server).toEqual({
      logfile: join(dir.path, "supervisord.log"),
      logfileMaxbytes: 50 * 1024 * 1024,
      logfileBackups: 10,
      loglevel: "info",
      pidfile: join(dir.path, "supervisord.pid"),
      umask: 0o22,
      nodaemon: false,
      silent: false,
      minfds: 1024,
      minprocs: 200,
      nocleanup: false,
      childlogdir: "/tmp",
      user: null,
      directory: null,
      stripAnsi: false,
      environment: {},
      identifier: "supervisor",
    });
    expect(c.inetServer).toBeNull();
    expect(c.unixServer).toBeNull();
    expect(c.groups).toEqual([]);
    expect(c.warnings).toEqual([]);
    expect(c.fallbackServerUrl).toBeNull();
    expect(c.ctl).toEqual({ serverurl: "http://localhost:9001", username: null, password: null, prompt: "supervisor", historyFile: null });
  });

  test("every option converted", () => {
    dir.mkdir("logs");
    const c = load(
      dir,
      [
        "[supervisord]",
        "logfile = logs/%(ENV_FOO)s.log",
        "logfile_maxbytes = 1KB",
        "logfile_backups = 0",
        "loglevel = BLATHER",
        "pidfile = %(here)s/logs/x.pid",
        "umask = 077",
        "nodaemon = yes",
        "silent = on",
        "minfds = 4096",
        "minprocs = 10",
        "nocleanup = 1",
        "childlogdir = logs",
        "user = alice",
        "directory = %(here)s",
        "strip_ansi = true",
        'environment = A="1,2",B=%(here)s',
        "identifier = node-%(ENV_FOO)s",
      ].join("\n"),
    );
    expect(c.server).toEqual({
      logfile: join(dir.path, "logs/bar.log"),
      logfileMaxbytes: 1024,
      logfileBackups: 0,
      loglevel: "blather",
      pidfile: join(dir.path, "logs/x.pid"),
      umask: 0o77,
      nodaemon: true,
      silent: true,
      minfds: 4096,
      minprocs: 10,
      nocleanup: true,
      childlogdir: "logs",
      user: "alice",
      directory: dir.path,
      stripAnsi: true,
      environment: { A: "1,2", B: dir.path },
      identifier: "node-bar",
    });
  });

  test("logfile syslog and ~ paths", () => {
    const c = load(dir, "[supervisord]\nlogfile = syslog\npidfile = ~/sd.pid\nchildlogdir=/tmp", "s.conf", {
      HOME: dir.path,
    });
    expect(c.server.logfile).toBe("syslog");
    expect(c.server.pidfile).toBe(join(dir.path, "sd.pid"));
  });

  test("childlogdir defaults to TMPDIR when it is a directory", () => {
    const tmp = dir.mkdir("tmpdir");
    expect(load(dir, "[supervisord]\n", "t.conf", { TMPDIR: tmp }).server.childlogdir).toBe(tmp);
    expect(load(dir, "[supervisord]\n", "t.conf", { TMPDIR: join(dir.path, "nope") }).server.childlogdir).toBe("/tmp");
  });

  test("environment adds ENV_ names for later sections only", () => {
    const c = load(dir, `${header(dir)}environment = GREETING=hi\n[program:p]\ncommand = /bin/echo %(ENV_GREETING)s\n`);
    expect(c.groups[0]?.processes[0]?.command).toBe("/bin/echo hi");
    expect(loadError(dir, "[supervisord]\nenvironment = G=1\nidentifier = %(ENV_G)s")).toContain("%(ENV_G)s");
  });

  test("host_node_name is not offered in [supervisord]", () => {
    expect(loadError(dir, "[supervisord]\nidentifier = %(host_node_name)s")).toContain(
      "uses %(host_node_name)s, which cannot be expanded here. Available names: ENV_FOO, ENV_HOME, ENV_TMPDIR, here.",
    );
  });

  test("missing [supervisord]", () => {
    expect(loadError(dir, "[program:x]\ncommand=x\n", "nosd.conf")).toBe(
      `${join(dir.path, "nosd.conf")}: there is no [supervisord] section; add one (it may be empty)`,
    );
  });

  test("missing file", () => {
    expect(() => loadConfig(join(dir.path, "absent.conf"))).toThrow(`cannot read config file ${join(dir.path, "absent.conf")}: it does not exist`);
  });
});

describe("HTTP servers", () => {
  test.each([
    ["9001", "", 9001],
    [":9001", "", 9001],
    ["*:9001", "", 9001],
    ["127.0.0.1:9001", "127.0.0.1", 9001],
  ])("inet port %p", (port, host, num) => {
    const c = load(dir, `${header(dir)}[inet_http_server]\nport = ${port}\n`);
    expect(c.inetServer).toEqual({ kind: "inet", host, port: num, username: null, password: null, source: { file: c.file, line: 4 } });
    expect(c.fallbackServerUrl).toBe(`http://${host || "localhost"}:${num}`);
  });

  test("credentials, {SHA} kept", () => {
    const c = load(dir, `${header(dir)}[inet_http_server]\nport=9001\nusername=u\npassword={SHA}82ab876d1387bfafe46cc1c8a2ef074eae50cb1d\n`);
    expect(c.inetServer).toMatchObject({ username: "u", password: "{SHA}82ab876d1387bfafe46cc1c8a2ef074eae50cb1d" });
  });

  test("username without password", () => {
    expect(loadError(dir, `${header(dir)}[inet_http_server]\nport=9001\nusername=u\n`)).toBe(
      `${join(dir.path, "supervisord.conf")}:6: [inet_http_server] username: username and password must be given together: add the missing one or remove both`,
    );
  });

  test("unix server with defaults and with chown/chmod", () => {
    let c = load(dir, `${header(dir)}[unix_http_server]\nfile = %(here)s/run/../s.sock\n`);
    expect(c.unixServer).toEqual({ kind: "unix", file: join(dir.path, "s.sock"), chmod: 0o700, chown: null, username: null, password: null, source: { file: c.file, line: 4 } });
    expect(c.fallbackServerUrl).toBe(`unix://${join(dir.path, "s.sock")}`);
    c = load(dir, `${header(dir)}[unix_http_server]\nfile = s.sock\nchmod = 0770\nchown = bob:staff\n[inet_http_server]\nport=1234`);
    expect(c.unixServer).toMatchObject({ file: join(dir.path, "s.sock"), chmod: 0o770, chown: { uid: 1002, gid: 50 } });
    expect(c.fallbackServerUrl).toBe(`unix://${join(dir.path, "s.sock")}`);
  });

  test.each([
    ["[inet_http_server]\nusername=a\npassword=b\n", 4, "[inet_http_server]: no port given"],
    ["[inet_http_server]\nport = 99999\n", 5, "[inet_http_server] port: port 99999 in '99999' is out of range"],
    ["[unix_http_server]\nchmod=0700\n", 4, "[unix_http_server]: no socket file given"],
    ["[unix_http_server]\nfile=/tmp/x.sock\nchmod=999\n", 6, "[unix_http_server] chmod: '999' is not a valid octal number"],
    ["[unix_http_server]\nfile=/tmp/x.sock\nchown=ghost\n", 6, "[unix_http_server] chown: unknown user 'ghost'"],
  ])("error %#", (text, line, fragment) => {
    expect(loadError(dir, header(dir) + text)).toStartWith(`${join(dir.path, "supervisord.conf")}:${line}: ${fragment}`);
  });

  test("several inet sections: first served, warning", () => {
    const c = load(dir, `${header(dir)}[inet_http_server]\nport=1\n[inet_http_server:two]\nport=2\n`);
    expect(c.inetServer).toMatchObject({ port: 1 });
    expect(c.fallbackServerUrl).toBe("http://localhost:2");
    expect(c.warnings[0]).toContain("2 [inet_http_server] sections");
  });
});

describe("[supervisorctl]", () => {
  test("options, here and unix paths", () => {
    const c = load(
      dir,
      `${header(dir)}[supervisorctl]\nserverurl = unix://%(here)s/x/../s.sock\nprompt = %(ENV_FOO)s\nusername = u\npassword = p\nhistory_file = ~/.hist\n`,
    );
    expect(c.ctl).toEqual({ serverurl: `unix://${join(dir.path, "s.sock")}`, prompt: "bar", username: "u", password: "p", historyFile: "/home/alice/.hist" });
  });
  test("http serverurl kept as written", () => {
    expect(load(dir, `${header(dir)}[supervisorctl]\nserverurl = http://127.0.0.1:9002\n`).ctl.serverurl).toBe("http://127.0.0.1:9002");
  });
  test("[supervisord] environment is not visible to supervisorctl", () => {
    expect(loadError(dir, `${header(dir)}environment=X=1\n[supervisorctl]\nprompt=%(ENV_X)s\n`)).toContain("uses %(ENV_X)s");
  });
});

describe("plugins", () => {
  test("built-in factories, options expanded with ENV only", () => {
    const c = load(
      dir,
      `${header(dir)}environment=LIST=a:1\n[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n` +
        `[rpcinterface:supvisors]\nsupervisor.rpcinterface_factory = supvisors.plugin : make_supvisors_rpcinterface\nsupvisors_list = %(ENV_LIST)s\nrules_files = %%(here)s/r.xml\n` +
        `[ctlplugin:supvisors]\nsupervisor.ctl_factory = supvisors.supvisorsctl:make_supvisors_controller_plugin\n`,
    );
    expect(c.rpcInterfaces.map((p) => [p.name, p.factory])).toEqual([
      ["supervisor", "supervisor.rpcinterface:make_main_rpcinterface"],
      ["supvisors", "supvisors.plugin:make_supvisors_rpcinterface"],
    ]);
    expect(c.rpcInterfaces[1]?.options).toEqual({ supvisors_list: "a:1", rules_files: "%(here)s/r.xml" });
    expect(c.ctlPlugins).toEqual([
      { name: "supvisors", factory: "supvisors.supvisorsctl:make_supvisors_controller_plugin", options: {}, source: { file: c.file, line: 11 } },
    ]);
    expect(c.warnings).toEqual([]);
  });

  test("unknown factory: warning naming the section", () => {
    const c = load(dir, `${header(dir)}[rpcinterface:mine]\nsupervisor.rpcinterface_factory = my.mod:make\nx = 1\n`);
    expect(c.rpcInterfaces[0]).toMatchObject({ name: "mine", factory: "my.mod:make", options: { x: "1" } });
    expect(c.warnings).toEqual([
      `[rpcinterface:mine] (${c.file}:5): factory 'my.mod:make' is not built into Flotilla, and Flotilla cannot load Python code: this section is kept but has no effect (built in: supervisor.rpcinterface:make_main_rpcinterface, supvisors.plugin:make_supvisors_rpcinterface)`,
    ]);
  });

  test("here and host_node_name are not available without [include]", () => {
    expect(loadError(dir, `${header(dir)}[rpcinterface:s]\nsupervisor.rpcinterface_factory = a:b\nf = %(here)s\n`)).toStartWith(
      `${join(dir.path, "supervisord.conf")}:6: [rpcinterface:s] f: '%(here)s' uses %(here)s, which cannot be expanded here.`,
    );
    expect(loadError(dir, `${header(dir)}[rpcinterface:s]\nsupervisor.rpcinterface_factory = a:b\nf = %(host_node_name)s\n`)).toContain("uses %(host_node_name)s");
  });

  test("missing factory is fatal", () => {
    expect(loadError(dir, `${header(dir)}[rpcinterface:s]\nx = 1\n`)).toBe(
      `${join(dir.path, "supervisord.conf")}:4: [rpcinterface:s]: no supervisor.rpcinterface_factory given; add e.g. supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface`,
    );
  });
});

describe("sections nobody reads", () => {
  test("unknown names give warnings; fcgi programs form groups", () => {
    const c = load(dir, `${header(dir)}[programs:x]\n[fcgi-program:f]\ncommand=x\nsocket=tcp://localhost:1\n`);
    expect(c.warnings).toEqual([`section [programs:x] (${c.file}:4) is not a section supervisord knows; it is ignored`]);
    expect(c.groups.map((g) => [g.name, g.fcgiSocket?.url])).toEqual([["f", "tcp://localhost:1"]]);
  });
});
