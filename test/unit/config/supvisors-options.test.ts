// readSupvisorsOptions: every option valid, invalid (error + default) and fatal (file:line), read
// through loadConfig from a real file so that lines and expansions are the loader's.
import { afterAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { ConfigError } from "../../../src/config/model.ts";
import { readSupvisorsOptions, type SupvisorsOptions } from "../../../src/config/supvisors.ts";
import { supvisorsOptions } from "../../support/supvisors-options.ts";
import { header, load, TempDir, TEST_ENV } from "./helpers.ts";

const dir = new TempDir();
afterAll(() => dir.remove());

const FACTORY = "supervisor.rpcinterface_factory = supvisors.plugin:make_supvisors_rpcinterface";
/** Line of the first body option: 3 header lines, 2 inet lines, section header, factory. */
const BODY_LINE = 8;

function text(body: string[], inet = "[inet_http_server]\nport = 127.0.0.1:61000\n"): string {
  return `${header(dir)}${inet}[rpcinterface:supvisors]\n${FACTORY}\n${body.join("\n")}\n`;
}

function read(body: string[], inet?: string): { options: SupvisorsOptions; warnings: string[]; file: string } {
  const config = load(dir, text(body, inet));
  const { options, warnings } = readSupvisorsOptions(config, {
    env: TEST_ENV,
    cwd: dir.path,
    hostNodeName: "node1",
    passwdFile: join(dir.path, "passwd"),
  });
  if (options === null) throw new Error("expected Supvisors options");
  return { options, warnings, file: config.file };
}

/** Warnings other than the two every minimal section gets (no peer_key, no disabilities_file). */
function extra(warnings: string[]): string[] {
  return warnings.filter((w) => !/\] (peer_key|disabilities_file): not set/.test(w) && !/ synchro_options: (CORE|STRICT) is removed/.test(w));
}

function fatal(body: string[], inet?: string): ConfigError {
  try {
    read(body, inet);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error("expected a ConfigError");
}

test("no Supvisors section: null, no warnings", () => {
  const config = load(dir, `${header(dir)}[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n`);
  expect(readSupvisorsOptions(config)).toEqual({ options: null, warnings: [] });
});

test("defaults of an empty section", () => {
  const { options, warnings, file } = read([]);
  expect(options).toEqual(
    supvisorsOptions({
      source: { file, line: 6 },
      instances: [
        { identifier: "node1:61000", nick: "node1:61000", host: "node1", httpPort: 61000, eventPort: 61001, written: "<supervisor>node1:61000" },
      ],
    }),
  );
  expect(warnings).toEqual([
    `${file}:6: [rpcinterface:supvisors] synchro_options: CORE is removed from synchro_options because core_identifiers is empty`,
    `${file}:6: [rpcinterface:supvisors] synchro_options: STRICT is removed from synchro_options because supvisors_list is empty`,
    `${file}:6: [rpcinterface:supvisors] peer_key: not set: the cluster is open to anyone on the network who can reach its ports; set peer_key = %(ENV_FLOTILLA_PEER_KEY)s (the same secret on every instance)`,
    `${file}:6: [rpcinterface:supvisors] disabilities_file: not set: disabled programs are not remembered, they are enabled again at the next start`,
  ]);
});

type Pick = (o: SupvisorsOptions) => unknown;
// [option, value, what it gives, expected]
const VALID: Array<[string, string, Pick, unknown]> = [
  ["software_name", "My Soft", (o) => o.softwareName, "My Soft"],
  ["stereotypes", "web, ,db,web", (o) => o.stereotypes, ["web", "db"]],
  ["core_identifiers", "a,b,,a", (o) => o.coreIdentifiers, ["a", "b"]],
  ["multicast_group", "239.0.0.1:7777", (o) => [o.multicastGroup, o.discoveryMode], [{ address: "239.0.0.1", port: 7777 }, true]],
  ["multicast_interface", "127.0.0.1", (o) => o.multicastInterface, "127.0.0.1"],
  ["multicast_interface", "INADDR_ANY", (o) => o.multicastInterface, null],
  ["multicast_ttl", "0", (o) => o.multicastTtl, 0],
  ["multicast_ttl", "255", (o) => o.multicastTtl, 255],
  ["event_link", "ws", (o) => o.eventLink, "WS"],
  ["event_link", "Zmq", (o) => o.eventLink, "ZMQ"],
  ["event_port", "7000", (o) => [o.eventPort, o.instances[0]?.eventPort], [7000, 7000]],
  ["auto_fence", "on", (o) => o.autoFence, true],
  ["synchro_options", "list, user,LIST", (o) => o.synchroOptions, ["LIST", "USER"]],
  ["synchro_timeout", "1200", (o) => o.synchroTimeout, 1200],
  ["inactivity_ticks", "720", (o) => o.inactivityTicks, 720],
  ["starting_strategy", "less_loaded_node", (o) => o.startingStrategy, "LESS_LOADED_NODE"],
  ["conciliation_strategy", "running_failure", (o) => o.conciliationStrategy, "RUNNING_FAILURE"],
  ["supvisors_failure_strategy", "shutdown", (o) => o.supvisorsFailureStrategy, "CONTINUE"],
  ["stats_enabled", "host", (o) => [o.hostStatsEnabled, o.processStatsEnabled], [true, false]],
  ["stats_enabled", "process,off", (o) => [o.hostStatsEnabled, o.processStatsEnabled], [false, true]],
  ["stats_enabled", "false", (o) => [o.hostStatsEnabled, o.processStatsEnabled], [false, false]],
  ["stats_enabled", "yes", (o) => [o.hostStatsEnabled, o.processStatsEnabled], [true, true]],
  ["stats_collecting_period", "2.5", (o) => o.statsCollectingPeriod, 2.5],
  ["stats_periods", "60, 5,1e1", (o) => o.statsPeriods, [5, 10, 60]],
  ["stats_histo", "1500", (o) => o.statsHisto, 1500],
  ["stats_irix_mode", "true", (o) => o.statsIrixMode, true],
  ["tail_limit", "2KB", (o) => o.tailLimit, 2048],
  ["tailf_limit", "0", (o) => o.tailfLimit, 0],
  ["tick_period", "0.05", (o) => o.tickPeriod, 0.05],
  ["tick_period", "3600", (o) => o.tickPeriod, 3600],
  ["peer_key", "s3cret", (o) => o.peerKey, "s3cret"],
  ["peer_key", "%(ENV_FOO)s-key", (o) => o.peerKey, "bar-key"],
];

describe("valid values", () => {
  for (const [option, value, pick, expected] of VALID) {
    test(`${option} = ${value}`, () => {
      const { options, warnings } = read([`${option} = ${value}`]);
      expect(pick(options)).toEqual(expected);
      // The only extra warning a valid value may bring is the documented TIMEOUT override.
      const allowed = option === "supvisors_failure_strategy" ? 1 : 0;
      expect(extra(warnings).length).toBe(allowed);
    });
  }
});

// [option, value, what it gives, default expected, text the warning must contain]
const INVALID: Array<[string, string, Pick, unknown, string]> = [
  ["multicast_group", "239.0.0.1", (o) => o.multicastGroup, null, "write address:port"],
  ["multicast_group", "239.0.0.0:7777", (o) => o.multicastGroup, null, "reserved multicast address '239.0.0.0'"],
  ["multicast_group", "192.168.0.1:7777", (o) => o.multicastGroup, null, "from 224.0.0.0 to 239.255.255.255"],
  ["multicast_group", "239.0.0.1:0", (o) => o.multicastGroup, null, "integer from 1 to 65535"],
  ["multicast_interface", "any", (o) => o.multicastInterface, null, "write an IPv4 address"],
  ["multicast_interface", "10.0.0.256", (o) => o.multicastInterface, null, "write an IPv4 address"],
  ["multicast_ttl", "256", (o) => o.multicastTtl, 1, "integer from 0 to 255"],
  ["event_link", "zeromq", (o) => o.eventLink, "NONE", "write one of NONE, ZMQ, WS"],
  ["event_port", "70000", (o) => [o.eventPort, o.instances[0]?.eventPort], [null, 61001], "integer from 1 to 65535"],
  ["auto_fence", "maybe", (o) => o.autoFence, false, "not a valid boolean"],
  ["synchro_options", "STRICT,SOON", (o) => o.synchroOptions, ["TIMEOUT"], "invalid value for synchro_options: 'SOON'"],
  ["synchro_timeout", "14", (o) => o.synchroTimeout, 15, "integer from 15 to 1200 (seconds)"],
  ["synchro_timeout", "20s", (o) => o.synchroTimeout, 15, "integer from 15 to 1200 (seconds)"],
  ["inactivity_ticks", "1", (o) => o.inactivityTicks, 2, "integer from 2 to 720"],
  ["starting_strategy", "RANDOM", (o) => o.startingStrategy, "CONFIG", "write one of CONFIG, LESS_LOADED"],
  ["conciliation_strategy", "", (o) => o.conciliationStrategy, "USER", "write one of SENICIDE"],
  ["supvisors_failure_strategy", "ABORT", (o) => o.supvisorsFailureStrategy, "CONTINUE", "write one of CONTINUE, RESYNC, SHUTDOWN"],
  ["stats_enabled", "", (o) => o.hostStatsEnabled, true, "stats_enabled: it is empty"],
  ["stats_enabled", "HOST,disk", (o) => o.processStatsEnabled, true, "write OFF, HOST, PROCESS, ALL, true or false"],
  ["stats_collecting_period", "0.5", (o) => o.statsCollectingPeriod, 5, "number from 1 to 3600 (seconds)"],
  ["stats_collecting_period", "nan", (o) => o.statsCollectingPeriod, 5, "number from 1 to 3600"],
  ["stats_periods", "5,10,20,40", (o) => o.statsPeriods, [10], "write 1 to 3 numbers"],
  ["stats_periods", "5,4000", (o) => o.statsPeriods, [10], "invalid value for stats_periods: '4000'"],
  ["stats_histo", "9", (o) => o.statsHisto, 200, "integer from 10 to 1500"],
  ["stats_irix_mode", "irix", (o) => o.statsIrixMode, false, "not a valid boolean"],
  ["tail_limit", "1TB", (o) => o.tailLimit, 1024, "not a valid byte size"],
  ["tailf_limit", "lots", (o) => o.tailfLimit, 1024, "not a valid byte size"],
  ["tick_period", "0.01", (o) => o.tickPeriod, 5, "number from 0.05 to 3600 (seconds)"],
  ["tick_period", "3601", (o) => o.tickPeriod, 5, "number from 0.05 to 3600 (seconds)"],
  ["tick_period", "fast", (o) => o.tickPeriod, 5, "invalid value for tick_period: 'fast'"],
];

describe("invalid values: error, default used", () => {
  for (const [option, value, pick, fallback, message] of INVALID) {
    test(`${option} = ${JSON.stringify(value)}`, () => {
      const { options, warnings, file } = read([`${option} = ${value}`]);
      expect(pick(options)).toEqual(fallback);
      const mine = extra(warnings).filter((w) => w.startsWith(`${file}:${BODY_LINE}: [rpcinterface:supvisors] ${option}: `));
      expect(mine.length).toBe(1);
      expect(mine[0]).toContain(message);
      expect(mine[0]).toMatch(/; the default .+ is used instead$/);
    });
  }
});

describe("synchro_options consistency (CFG-SV-15, CFG-SV-22)", () => {
  test("CORE kept with core_identifiers, STRICT kept with a list", () => {
    const { options, warnings } = read(["supvisors_list = 127.0.0.1:61000,node2:61000", "core_identifiers = node2:61000"]);
    expect(options.synchroOptions).toEqual(["STRICT", "TIMEOUT", "CORE"]);
    expect(warnings.some((w) => w.includes("is removed from synchro_options"))).toBe(false);
  });

  test("failure strategy kept without TIMEOUT", () => {
    const { options, warnings } = read(["synchro_options = LIST", "supvisors_failure_strategy = RESYNC"]);
    expect(options.supvisorsFailureStrategy).toBe("RESYNC");
    expect(extra(warnings)).toEqual([]);
  });

  test("failure strategy forced to CONTINUE with TIMEOUT, with a warning at its line", () => {
    const { options, warnings, file } = read(["synchro_options = TIMEOUT,USER", "supvisors_failure_strategy = SHUTDOWN"]);
    expect(options.supvisorsFailureStrategy).toBe("CONTINUE");
    expect(warnings).toContain(
      `${file}:${BODY_LINE + 1}: [rpcinterface:supvisors] supvisors_failure_strategy: SHUTDOWN is replaced by CONTINUE because synchro_options includes TIMEOUT`,
    );
  });

  test.each([
    ["synchro_options = CORE"],
    ["synchro_options = STRICT,CORE"],
    ["synchro_options ="],
  ])("%s: empty result is fatal", (line) => {
    const err = fatal([line]);
    expect(err.line).toBe(BODY_LINE);
    expect(err.option).toBe("synchro_options");
    expect(err.message).toBe(
      `${err.file}:${BODY_LINE}: [rpcinterface:supvisors] synchro_options: synchro_options is empty (CORE needs core_identifiers, STRICT needs supvisors_list); add TIMEOUT, LIST or USER`,
    );
  });
});

describe("supvisors_list", () => {
  test("nick, host and port forms, loopback accepted, one host shared, duplicates dropped", () => {
    const { options } = read(["supvisors_list = <alpha>127.0.0.1:61000, localhost:61001,,node2, <supervisor>node3:9, localhost:61001"]);
    expect(options.listDeclared).toBe(true);
    expect(options.instances.map((i) => [i.identifier, i.nick, i.httpPort, i.eventPort])).toEqual([
      ["127.0.0.1:61000", "alpha", 61000, 61001],
      ["localhost:61001", "localhost:61001", 61001, 61002],
      ["node2:61000", "node2", 61000, 61001],
      ["node3:9", "node3:9", 9, 10],
    ]);
  });

  test.each([
    ["supvisors_list = node1:61000,bad host", "'bad host' is not a valid entry"],
    ["supvisors_list = <a b>node1", "'<a b>node1' is not a valid entry"],
    ["supvisors_list = node1:70000", "has port 70000, which is out of range"],
    ["supvisors_list = node1:61000:61001", "'node1:61000:61001' is not a valid entry"],
    ["supvisors_list = <a>n1:61000,<a>n2:61000", "both use the nick 'a'"],
    ["supvisors_list = <a>n1:61000,<b>n1", "both declare the instance n1:61000"],
  ])("%s is fatal", (line, message) => {
    const err = fatal([line]);
    expect(err.message).toStartWith(`${err.file}:${BODY_LINE}: [rpcinterface:supvisors] supvisors_list: `);
    expect(err.message).toContain(message);
  });

  test("empty list: local entry with the supervisord identifier as nick", () => {
    const config = load(dir, `${header(dir)}identifier = alpha\n[inet_http_server]\nport = :61005\n[rpcinterface:supvisors]\n${FACTORY}\n`);
    const { options } = readSupvisorsOptions(config, { env: TEST_ENV, cwd: dir.path, hostNodeName: "box.example.com" });
    expect(options?.instances).toEqual([
      { identifier: "box.example.com:61005", nick: "alpha", host: "box.example.com", httpPort: 61005, eventPort: 61006, written: "<alpha>box.example.com:61005" },
    ]);
  });

  test("empty list with an identifier that cannot be a nick is fatal", () => {
    const config = load(dir, `${header(dir)}identifier = my node\n[inet_http_server]\nport = 61005\n[rpcinterface:supvisors]\n${FACTORY}\n`);
    expect(() => readSupvisorsOptions(config, { env: TEST_ENV, cwd: dir.path, hostNodeName: "node1" })).toThrow(
      "supvisors_list is empty, and the local entry built from [supervisord] identifier 'my node'",
    );
  });

  test("no [inet_http_server] is fatal, at the section", () => {
    const err = fatal([], "");
    expect(err.line).toBe(4);
    expect(err.message).toContain("Supvisors needs an [inet_http_server]");
  });
});

describe("logger options are fatal when invalid (Supvisors converts them outside its error handler)", () => {
  test("valid", () => {
    dir.mkdir("logs");
    const { options } = read(["logfile = logs/sv.log", "logfile_maxbytes = 1MB", "logfile_backups = 3", "loglevel = DEBUG"]);
    expect(options.logger).toEqual({ logfile: { kind: "file", path: join(dir.path, "logs/sv.log") }, logfileMaxbytes: 1048576, logfileBackups: 3, loglevel: "debug" });
    expect(read(["logfile = Auto"]).options.logger.logfile).toEqual({ kind: "auto" });
  });

  test.each([
    ["logfile = nowhere/at/all.log", "logfile", "the directory of 'nowhere/at/all.log' does not exist"],
    ["logfile = syslog", "logfile", "cannot be used for the Supvisors log"],
    ["logfile = NONE", "logfile", "cannot be used for the Supvisors log"],
    ["logfile_maxbytes = big", "logfile_maxbytes", "not a valid byte size"],
    ["logfile_backups = few", "logfile_backups", "not a valid integer"],
    ["loglevel = loud", "loglevel", "is not a log level"],
  ])("%s", (line, option, message) => {
    const err = fatal([line]);
    expect([err.line, err.section, err.option]).toEqual([BODY_LINE, "rpcinterface:supvisors", option]);
    expect(err.message).toContain(message);
  });
});

test("unknown option names are warned about", () => {
  const { warnings, file } = read(["supvisors_lst = a", "peer_key = k"]);
  expect(extra(warnings)).toEqual([
    `${file}:${BODY_LINE}: [rpcinterface:supvisors] supvisors_lst: this is not a Supvisors or Flotilla option; it is ignored (check its spelling)`,
  ]);
});

test("a second Supvisors rpcinterface section is ignored with a warning", () => {
  const config = load(
    dir,
    `${text(["synchro_timeout = 30"])}[rpcinterface:again]\n${FACTORY}\nsynchro_timeout = 60\n`,
  );
  const { options, warnings } = readSupvisorsOptions(config, { env: TEST_ENV, cwd: dir.path, hostNodeName: "node1" });
  expect(options?.synchroTimeout).toBe(30);
  expect(warnings[0]).toBe(
    `${config.file}:9: [rpcinterface:again] is ignored: the Supvisors options are read from the first section with supvisors.plugin:make_supvisors_rpcinterface, [rpcinterface:supvisors]`,
  );
});
