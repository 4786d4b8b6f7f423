// status, start, stop, restart, signal, pid, clear: output and exit status against a fake server.
// Expected texts were recorded from Debian's supervisorctl 4.2.5 driving supervisord 4.2.5.

import { describe, expect, test } from "bun:test";
import { Faults, RpcFault } from "../../../src/api/faults.ts";
import { fakeServer, info, result } from "./fake-client.ts";
import { oneShot } from "./run-helper.ts";

const INFOS = [
  info("crasher", "crasher", "FATAL", "Exited too quickly (process log may have details)"),
  info("grp", "ga", "RUNNING", "pid 6852, uptime 0:00:02", 6852),
  info("grp", "gb", "RUNNING", "pid 6853, uptime 0:00:02", 6853),
  info("manual", "manual", "STOPPED", "Not started"),
  info("multi", "multi_00", "RUNNING", "pid 6855, uptime 0:00:02", 6855),
  info("sleeper", "sleeper", "RUNNING", "pid 6857, uptime 0:00:02", 6857),
];

const LINES: Record<string, string> = {
  crasher: "crasher                          FATAL     Exited too quickly (process log may have details)\n",
  ga: "grp:ga                           RUNNING   pid 6852, uptime 0:00:02\n",
  gb: "grp:gb                           RUNNING   pid 6853, uptime 0:00:02\n",
  manual: "manual                           STOPPED   Not started\n",
  multi: "multi:multi_00                   RUNNING   pid 6855, uptime 0:00:02\n",
  sleeper: "sleeper                          RUNNING   pid 6857, uptime 0:00:02\n",
};
const ALL = Object.values(LINES).join("");

function server() {
  const byName = new Map(INFOS.map((i) => [`${(i as { group: string }).group}:${(i as { name: string }).name}`, i]));
  const lookup = (spec: unknown) => {
    const s = String(spec);
    const found = byName.get(s.includes(":") ? s : `${s}:${s}`);
    if (!found) throw new RpcFault(Faults.BAD_NAME, s);
    return found;
  };
  return fakeServer({
    "supervisor.getAllProcessInfo": INFOS,
    "supervisor.getProcessInfo": lookup,
    "supervisor.getPID": 6826,
  });
}

describe("status (CTL-SUP-01)", () => {
  const cases: Array<[string, string, number]> = [
    ["status", ALL, 3],
    ["status sleeper", LINES.sleeper!, 0],
    ["status nosuch", "nosuch: ERROR (no such process)\n", 4],
    ["status grp:*", LINES.ga! + LINES.gb!, 0],
    ["status grp:", LINES.ga! + LINES.gb!, 0],
    ["status nogrp:*", "nogrp: ERROR (no such group)\n", 4],
    ["status grp:zz", "grp:zz: ERROR (no such process)\n", 4],
    ["status all nosuch", ALL, 3],
    ["status manual sleeper", LINES.manual! + LINES.sleeper!, 3],
  ];
  for (const [line, out, code] of cases) {
    test(line, async () => {
      const run = await oneShot(server(), line);
      expect(run.out).toBe(out);
      expect(run.code).toBe(code);
    });
  }

  test("a namespec longer than 30 widens the column to its length + 3", async () => {
    const s = fakeServer({
      "supervisor.getAllProcessInfo": [info("g", "a_very_long_process_name_indeed_xx", "RUNNING", "pid 1, uptime 0:00:01", 1)],
    });
    const run = await oneShot(s, "status");
    expect(run.out).toBe("g:a_very_long_process_name_indeed_xx   RUNNING   pid 1, uptime 0:00:01\n");
  });

  test("server refusing connection: message and exit 4", async () => {
    const { ConnectionError } = await import("../../../src/cli/ctl/transport-errors.ts");
    const s = fakeServer({ "supervisor.getVersion": new ConnectionError("refused", "ECONNREFUSED", "Connection refused") });
    const run = await oneShot(s, "status");
    expect(run.out).toBe("http://127.0.0.1:9001 refused connection\n");
    expect(run.code).toBe(4);
  });
});

describe("pid (CTL-SUP-06)", () => {
  const cases: Array<[string, string, number]> = [
    ["pid", "6826\n", 0],
    ["pid all", "0\n6852\n6853\n0\n6855\n6857\n", 0],
    ["pid sleeper manual nosuch", "6857\n0\nNo such process nosuch\n", 1],
    ["pid sleeper manual", "6857\n0\n", 7],
    ["pid grp:ga", "6852\n", 0],
    ["pid grp:*", "No such process grp:*\n", 1],
  ];
  for (const [line, out, code] of cases) {
    test(line, async () => {
      const run = await oneShot(server(), line);
      expect(run.out).toBe(out);
      expect(run.code).toBe(code);
    });
  }
});

const START_HELP =
  "start <name>\t\tStart a process\nstart <gname>:*\t\tStart all processes in a group\n" +
  "start <name> <name>\tStart multiple processes or groups\nstart all\t\tStart all processes\n";
const STOP_HELP =
  "stop <name>\t\tStop a process\nstop <gname>:*\t\tStop all processes in a group\n" +
  "stop <name> <name>\tStop multiple processes or groups\nstop all\t\tStop all processes\n";

function controlServer() {
  const single = (code: number | null) => (name: unknown) => {
    if (String(name).startsWith("nosuch")) throw new RpcFault(Faults.BAD_NAME, String(name));
    if (code !== null) throw new RpcFault(code, String(name));
    return true;
  };
  const group = (results: ReturnType<typeof result>[]) => (name: unknown) => {
    if (name !== "grp") throw new RpcFault(Faults.BAD_NAME, String(name));
    return results;
  };
  return fakeServer({
    "supervisor.startProcess": (name) =>
      name === "crasher" ? single(Faults.SPAWN_ERROR)(name) : name === "sleeper" ? single(Faults.ALREADY_STARTED)(name) : single(null)(name),
    "supervisor.stopProcess": (name) => (name === "manual" ? single(Faults.NOT_RUNNING)(name) : single(null)(name)),
    "supervisor.startProcessGroup": group([result("grp", "gb", Faults.SUCCESS), result("grp", "ga", Faults.SUCCESS)]),
    "supervisor.stopProcessGroup": group([result("grp", "gb", Faults.SUCCESS), result("grp", "ga", Faults.SUCCESS)]),
    "supervisor.startAllProcesses": [
      result("grp", "gb", Faults.SUCCESS),
      result("crasher", "crasher", Faults.SPAWN_ERROR, "SPAWN_ERROR: crasher"),
      result("sleeper", "sleeper", Faults.ALREADY_STARTED, "ALREADY_STARTED: sleeper"),
    ],
    "supervisor.stopAllProcesses": [result("grp", "gb", Faults.SUCCESS), result("manual", "manual", Faults.NOT_RUNNING)],
    "supervisor.signalProcess": (name, sig) => {
      if (sig === "FOO") throw new RpcFault(Faults.BAD_SIGNAL, String(name));
      return single(name === "manual" ? Faults.NOT_RUNNING : null)(name);
    },
    "supervisor.signalProcessGroup": group([result("grp", "gb", Faults.SUCCESS), result("grp", "ga", Faults.SUCCESS)]),
    "supervisor.signalAllProcesses": [result("grp", "gb", Faults.SUCCESS), result("manual", "manual", Faults.NOT_RUNNING)],
    "supervisor.clearProcessLogs": (name) => {
      if (String(name).includes(":*") || String(name).startsWith("nosuch")) throw new RpcFault(Faults.BAD_NAME, String(name));
      return true;
    },
    "supervisor.clearAllProcessLogs": [result("grp", "gb", Faults.SUCCESS), result("sleeper", "sleeper", Faults.FAILED, "FAILED: x")],
  });
}

describe("start / stop / restart / signal / clear (CTL-SUP-02..05, 10)", () => {
  const cases: Array<[string, string, number]> = [
    ["start", "Error: start requires a process name\n" + START_HELP, 2],
    ["start sleeper", "sleeper: ERROR (already started)\n", 0],
    ["start manual", "manual: started\n", 0],
    ["start nosuch", "nosuch: ERROR (no such process)\n", 1],
    ["start nogrp:*", "nogrp: ERROR (no such group)\n", 2],
    ["start grp:*", "grp:gb: started\ngrp:ga: started\n", 0],
    ["start crasher", "crasher: ERROR (spawn error)\n", 7],
    ["start all", "grp:gb: started\ncrasher: ERROR (spawn error)\nsleeper: ERROR (already started)\n", 7],
    ["stop", "Error: stop requires a process name\n" + STOP_HELP, 1],
    ["stop manual", "manual: ERROR (not running)\n", 0],
    ["stop sleeper", "sleeper: stopped\n", 0],
    ["stop nosuch", "nosuch: ERROR (no such process)\n", 1],
    ["stop nogrp:*", "nogrp: ERROR (no such group)\n", 1],
    ["stop grp:*", "grp:gb: stopped\ngrp:ga: stopped\n", 0],
    ["stop all", "grp:gb: stopped\nmanual: ERROR (not running)\n", 0],
    [
      "restart",
      "Error: restart requires a process name\nrestart <name>\t\tRestart a process\nrestart <gname>:*\tRestart all processes in a group\n" +
        "restart <name> <name>\tRestart multiple processes or groups\nrestart all\t\tRestart all processes\n" +
        "Note: restart does not reread config files. For that, see reread and update.\n",
      1,
    ],
    ["restart grp:ga grp:*", "grp:ga: stopped\ngrp:gb: stopped\ngrp:ga: stopped\ngrp:ga: started\ngrp:gb: started\ngrp:ga: started\n", 0],
    ["restart nosuch", "nosuch: ERROR (no such process)\nnosuch: ERROR (no such process)\n", 1],
    [
      "signal HUP",
      "Error: signal requires a signal name and a process name\nsignal <signal name> <name>\t\tSignal a process\n" +
        "signal <signal name> <gname>:*\t\tSignal all processes in a group\n" +
        "signal <signal name> <name> <name>\tSignal multiple processes or groups\nsignal <signal name> all\t\tSignal all processes\n",
      1,
    ],
    ["signal HUP sleeper", "sleeper: signalled\n", 0],
    ["signal FOO sleeper", "sleeper: ERROR (bad signal name)\n", 1],
    ["signal HUP manual", "manual: ERROR (not running)\n", 7],
    ["signal HUP nosuch nogrp:*", "nosuch: ERROR (no such process)\nnogrp: ERROR (no such group)\n", 1],
    ["signal USR1 grp:*", "grp:gb: signalled\ngrp:ga: signalled\n", 0],
    ["signal 0 all", "grp:gb: signalled\nmanual: ERROR (not running)\n", 7],
    [
      "clear",
      "Error: clear requires a process name\nclear <name>\t\tClear a process' log files.\n" +
        "clear <name> <name>\tClear multiple process' log files\nclear all\t\tClear all process' log files\n",
      1,
    ],
    ["clear sleeper nosuch", "sleeper: cleared\nnosuch: ERROR (no such process)\n", 1],
    ["clear grp:*", "grp:None: ERROR (no such process)\n", 1],
    ["clear all", "grp:gb: cleared\nsleeper: ERROR (failed)\n", 1],
  ];
  for (const [line, out, code] of cases) {
    test(line, async () => {
      const run = await oneShot(controlServer(), line);
      expect(run.out).toBe(out);
      expect(run.code).toBe(code);
    });
  }

  test("a start fault supervisorctl has no wording for is an error line, exit 1", async () => {
    const s = fakeServer({ "supervisor.startProcess": new RpcFault(Faults.NOT_APPLICABLE, "x") });
    const run = await oneShot(s, "start x");
    expect(run.out).toBe("error: <class 'ValueError'>, Unknown result code 104 for x\n");
    expect(run.code).toBe(1);
  });

  describe("CTL-GEN-08: DISABLED (103) start results read `<namespec>: ERROR disabled`, exit 1", () => {
    const disabled = () =>
      fakeServer({
        "supervisor.startProcess": new RpcFault(Faults.DISABLED, "grp:ga"),
        "supervisor.stopProcess": new RpcFault(Faults.NOT_RUNNING, "grp:ga"),
        "supervisor.startProcessGroup": [
          result("grp", "ga", Faults.DISABLED, "DISABLED: grp:ga"),
          result("grp", "gb", Faults.SUCCESS),
        ],
        "supervisor.startAllProcesses": [result("web", "web", Faults.DISABLED, "DISABLED: web")],
      });
    const cases: Array<[string, string]> = [
      ["start grp:ga", "grp:ga: ERROR disabled\n"],
      ["start grp:*", "grp:ga: ERROR disabled\ngrp:gb: started\n"],
      ["start all", "web: ERROR disabled\n"],
      // restart is stop then start: only the start half meets DISABLED.
      ["restart grp:ga", "grp:ga: ERROR (not running)\ngrp:ga: ERROR disabled\n"],
    ];
    for (const [line, out] of cases) {
      test(line, async () => {
        const run = await oneShot(disabled(), line);
        expect(run.out).toBe(out);
        expect(run.code).toBe(1);
      });
    }
  });

  test("stop FAILED prints the fault string itself", async () => {
    const s = fakeServer({ "supervisor.stopProcess": new RpcFault(Faults.FAILED, "x: no pid") });
    const run = await oneShot(s, "stop x");
    expect(run.out).toBe("FAILED: x: no pid\n");
    expect(run.code).toBe(1);
  });

  test("start sends the namespec as typed", async () => {
    const s = controlServer();
    await oneShot(s, "start grp:ga");
    expect(s.calls.map((c) => [c.method, ...c.params])).toEqual([["supervisor.getVersion"], ["supervisor.startProcess", "grp:ga"]]);
  });
});
