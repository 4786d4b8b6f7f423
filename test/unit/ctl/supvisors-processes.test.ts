// sstatus (CTL-SV-09), local_status (CTL-SV-10), process_rules (CTL-SV-11) and conflicts
// (CTL-SV-12) against a fake server. Expected texts recorded from the Supvisors 0.19 ctl plugin run
// by supervisorctl 4.2.5 (Debian) against a server giving the same answers (times in the ctl's zone).

import { describe, expect, test } from "bun:test";
import { Faults, RpcFault } from "../../../src/api/faults.ts";
import { Double, type XmlRpcValue } from "../../../src/api/xmlrpc/value.ts";
import type { Struct } from "../../../src/cli/ctl/commands/results.ts";
import { stateDescription } from "../../../src/cli/ctl/commands/supvisors-local.ts";
import { T1, T2, clock, methodsCalled, supvisorsServer } from "./supvisors-fixtures.ts";
import { oneShot } from "./run-helper.ts";

function proc(app: string, name: string, statecode: number, statename: string, expected = true, identifiers = ["10.0.0.1:60000"]): Struct {
  return {
    application_name: app, process_name: name, now_monotonic: 2.5, statecode, statename, expected_exit: expected,
    last_event_mtime: 1, identifiers, extra_args: "",
  };
}

const PROCS = [
  proc("web", "nginx", 20, "RUNNING", true, ["10.0.0.1:60000", "rocky52:60000"]),
  proc("web", "worker_00", 100, "EXITED", false, []),
  proc("tools", "tools", 0, "STOPPED", true, []),
  proc("alpha", "a", 10, "STARTING"),
  proc("alpha", "b", 100, "EXITED", true),
  proc("Zed", "z", 30, "BACKOFF"),
];

function rule(app: string, name: string, extra: Struct = {}): Struct {
  return {
    application_name: app, process_name: name, identifiers: ["*"], start_sequence: 1, stop_sequence: 2, required: true, wait_exit: false,
    expected_loading: 5, starting_failure_strategy: "ABORT", running_failure_strategy: "CONTINUE", ...extra,
  };
}

const PROCESS_RULES: Record<string, Struct[]> = {
  "web:nginx": [rule("web", "nginx")],
  "web:worker_00": [rule("web", "worker_00")],
  "alpha:a": [rule("alpha", "a", { start_sequence: 0 })],
  "alpha:b": [rule("alpha", "b", { running_failure_strategy: "RESTART_PROCESS" })],
  tools: [rule("tools", "tools", { identifiers: ["a-very-long-identifier:60000"] })],
  "Zed:z": [rule("Zed", "z")],
};

const byName = (table: Record<string, XmlRpcValue>) => (name: XmlRpcValue) => {
  const found = table[String(name)];
  if (found === undefined) throw new RpcFault(Faults.BAD_NAME, String(name));
  return found;
};

const server = (extra: Record<string, XmlRpcValue | Error | ((...p: XmlRpcValue[]) => XmlRpcValue)> = {}) =>
  supvisorsServer({
    "supvisors.get_all_process_info": PROCS,
    "supvisors.get_process_info": byName({ "web:nginx": [PROCS[0]!], "web:*": PROCS.slice(0, 2), tools: [PROCS[2]!] }),
    "supvisors.get_process_rules": byName(PROCESS_RULES),
    "supvisors.get_conflicts": [PROCS[0]!],
    ...extra,
  });

describe("sstatus (CTL-SV-09)", () => {
  const ALL =
    "Application  Process    State       Expected  Supervisor\n" +
    "web          nginx      RUNNING     n/a       ['10.0.0.1:60000', 'rocky52:60000']\n" +
    "web          worker_00  EXITED      False     []\n" +
    "tools        tools      STOPPED     n/a       []\n" +
    "alpha        a          STARTING    n/a       ['10.0.0.1:60000']\n" +
    "alpha        b          EXITED      True      ['10.0.0.1:60000']\n" +
    "Zed          z          BACKOFF     n/a       ['10.0.0.1:60000']\n";
  test("all: one request; Expected only for EXITED", async () => {
    for (const line of ["sstatus", "sstatus all", "sstatus web:* all"]) {
      const s = server();
      expect(await oneShot(s, line)).toEqual({ code: 0, out: ALL, err: "" });
      expect(methodsCalled(s)).toEqual(["supvisors.get_all_process_info"]);
    }
  });
  test("named: one request each, in the order given; a fault names the process", async () => {
    const s = server();
    expect(await oneShot(s, "sstatus web:nginx nosuch tools")).toEqual({
      code: 1,
      out:
        "nosuch: ERROR (BAD_NAME: nosuch)\n" +
        "Application  Process  State       Expected  Supervisor\n" +
        "web          nginx    RUNNING     n/a       ['10.0.0.1:60000', 'rocky52:60000']\n" +
        "tools        tools    STOPPED     n/a       []\n",
      err: "",
    });
    expect(s.calls.filter((c) => c.method === "supvisors.get_process_info").map((c) => c.params)).toEqual([["web:nginx"], ["nosuch"], ["tools"]]);
  });
  test("nothing: no table; fault: ERROR line, exit 1", async () => {
    expect(await oneShot(server({ "supvisors.get_all_process_info": [] }), "sstatus")).toEqual({ code: 0, out: "", err: "" });
    const s = server({ "supvisors.get_all_process_info": new RpcFault(Faults.BAD_SUPVISORS_STATE) });
    expect(await oneShot(s, "sstatus")).toEqual({ code: 1, out: "ERROR (BAD_SUPVISORS_STATE)\n", err: "" });
  });
  test("a process missing a key fails after the lines before it", async () => {
    const s = server({ "supvisors.get_all_process_info": [{ ...PROCS[0]!, statecode: 100 }, { application_name: "x", process_name: "y", statecode: 20 }] });
    expect(await oneShot(s, "sstatus")).toEqual({
      code: 1,
      out:
        "Application  Process  State       Expected  Supervisor\n" +
        "web          nginx    RUNNING     True      ['10.0.0.1:60000', 'rocky52:60000']\n" +
        "error: <class 'KeyError'>, 'statename'\n",
      err: "",
    });
  });
});

describe("process_rules (CTL-SV-11)", () => {
  const TITLE = "Application  Process    Start  Stop   Required    WaitExit    Loading     Strategy              Supervisor\n";
  test("all: the namespecs of get_all_process_info, sorted, one request each", async () => {
    const s = server();
    expect(await oneShot(s, "process_rules")).toEqual({
      code: 0,
      out:
        TITLE +
        "Zed          z          1      2      True        False       5%          CONTINUE              ['*']\n" +
        "alpha        a          0      2      True        False       5%          CONTINUE              ['*']\n" +
        "alpha        b          1      2      True        False       5%          RESTART_PROCESS       ['*']\n" +
        "tools        tools      1      2      True        False       5%          CONTINUE              ['a-very-long-identifier:60000']\n" +
        "web          nginx      1      2      True        False       5%          CONTINUE              ['*']\n" +
        "web          worker_00  1      2      True        False       5%          CONTINUE              ['*']\n",
      err: "",
    });
    expect(s.calls.filter((c) => c.method === "supvisors.get_process_rules").map((c) => c.params[0])).toEqual([
      "Zed:z", "alpha:a", "alpha:b", "tools", "web:nginx", "web:worker_00",
    ]);
  });
  test("named: sorted, faults first by name", async () => {
    const s = server();
    expect(await oneShot(s, "process_rules web:nginx nosuch tools alpha:b")).toEqual({
      code: 1,
      out:
        "nosuch: ERROR (BAD_NAME: nosuch)\n" +
        "Application  Process  Start  Stop   Required    WaitExit    Loading     Strategy              Supervisor\n" +
        "alpha        b        1      2      True        False       5%          RESTART_PROCESS       ['*']\n" +
        "tools        tools    1      2      True        False       5%          CONTINUE              ['a-very-long-identifier:60000']\n" +
        "web          nginx    1      2      True        False       5%          CONTINUE              ['*']\n",
      err: "",
    });
  });
  test("values as Python's str(), widths in code points", async () => {
    const s = server({
      "supvisors.get_process_rules": [{
        application_name: "é𝔸", process_name: "p", identifiers: [], start_sequence: 1, stop_sequence: 1, required: 0,
        wait_exit: null, expected_loading: new Double(2.5), running_failure_strategy: "x",
      }],
    });
    expect((await oneShot(s, "process_rules web:nginx")).out).toBe(
      "Application  Process  Start  Stop   Required    WaitExit    Loading     Strategy              Supervisor\n" +
        "é𝔸           p        1      1      0           None        2.5%        x                     []\n",
    );
  });
  test("fault listing the processes: nothing else", async () => {
    const s = server({ "supvisors.get_all_process_info": new RpcFault(Faults.BAD_SUPVISORS_STATE) });
    expect(await oneShot(s, "process_rules all")).toEqual({ code: 1, out: "ERROR (BAD_SUPVISORS_STATE)\n", err: "" });
    expect(methodsCalled(s)).toEqual(["supvisors.get_all_process_info"]);
  });
});

describe("conflicts (CTL-SV-12)", () => {
  test("a table of the conflicting processes", async () => {
    expect(await oneShot(server(), "conflicts")).toEqual({
      code: 0,
      out: "Application  Process  State       Supervisor\nweb          nginx    RUNNING     ['10.0.0.1:60000', 'rocky52:60000']\n",
      err: "",
    });
  });
  test("no conflict: nothing printed; fault: ERROR line", async () => {
    expect(await oneShot(server({ "supvisors.get_conflicts": [] }), "conflicts")).toEqual({ code: 0, out: "", err: "" });
    const s = server({ "supvisors.get_conflicts": new RpcFault(Faults.BAD_SUPVISORS_STATE) });
    expect(await oneShot(s, "conflicts")).toEqual({ code: 1, out: "ERROR (BAD_SUPVISORS_STATE)\n", err: "" });
  });
});

function local(group: string, name: string, state: number, start: XmlRpcValue, now: XmlRpcValue, pid: number, disabled = false, extra = ""): Struct {
  return {
    group, name, state, statename: "?", start, stop: 0, now, pid, description: "", spawnerr: "", expected: true, start_monotonic: 1,
    stop_monotonic: 0, now_monotonic: 2, extra_args: extra, startsecs: 1, stopwaitsecs: 10, process_index: 0, program_name: name,
    disabled, has_stdout: true, has_stderr: false,
  };
}

describe("local_status (CTL-SV-10)", () => {
  const LOCAL = [
    local("web", "nginx", 20, T1, T2, 1234, false, "-x 1"),
    local("web", "worker_00", 0, 0, T2, 0, true),
    local("tools", "tools", 1000, T1, 0, 77),
    // An unknown state code shows as None.
    local("alpha", "a", 55, T1, T1 + 1, 99999999),
  ];
  const s = () => supvisorsServer({ "supvisors.get_all_local_process_info": LOCAL });
  const TITLE_ALL = "Application  Process    Disabled  State       Start       Now         PID     Extra args\n";
  const row = {
    nginx: (w: number) => `${"web".padEnd(13)}${"nginx".padEnd(w)}False     RUNNING     ${clock(T1)}    ${clock(T2)}    1234    -x 1\n`,
    worker: () => `web          worker_00  True      STOPPED     0           ${clock(T2)}    0       \n`,
    tools: (w: number) => `${"tools".padEnd(13)}${"tools".padEnd(w)}False     UNKNOWN     ${clock(T1)}    0           77      \n`,
    alpha: () => `alpha        a          False     None        ${clock(T1)}    ${clock(T1 + 1)}    99999999\n`,
  };
  test("all", async () => {
    for (const line of ["local_status", "local_status all"]) {
      const server = s();
      expect(await oneShot(server, line)).toEqual({ code: 0, out: TITLE_ALL + row.nginx(11) + row.worker() + row.tools(11) + row.alpha(), err: "" });
      expect(methodsCalled(server)).toEqual(["supvisors.get_all_local_process_info"]);
    }
  });
  test("filtered here: names in the order given, a name given twice printed twice", async () => {
    expect((await oneShot(s(), "local_status web:nginx tools web:nginx")).out).toBe(
      "Application  Process  Disabled  State       Start       Now         PID     Extra args\n" + row.nginx(9) + row.tools(9) + row.nginx(9),
    );
  });
  test("group:* and group: designate the whole group; unknown names print nothing", async () => {
    for (const spec of ["web:*", "web:"]) expect((await oneShot(s(), `local_status ${spec}`)).out).toBe(TITLE_ALL + row.nginx(11) + row.worker());
    expect(await oneShot(s(), "local_status nosuch web")).toEqual({ code: 0, out: "", err: "" });
  });
  test("fault: ERROR line, exit 1", async () => {
    const server = supvisorsServer({ "supvisors.get_all_local_process_info": new RpcFault(Faults.SHUTDOWN_STATE) });
    expect(await oneShot(server, "local_status")).toEqual({ code: 1, out: "ERROR (SHUTDOWN_STATE)\n", err: "" });
  });
  test("the name is read even where the group differs", async () => {
    const server = supvisorsServer({ "supvisors.get_all_local_process_info": [{ group: "c" }] });
    expect(await oneShot(server, "local_status a:n")).toEqual({ code: 1, out: "error: <class 'KeyError'>, 'name'\n", err: "" });
  });
  test("float and boolean times, float state code; a string time is a TypeError", async () => {
    const odd = supvisorsServer({
      "supvisors.get_all_local_process_info": [{ ...LOCAL[0]!, start: new Double(T1 + 0.9), now: true, state: new Double(20) }],
    });
    expect((await oneShot(odd, "local_status")).out).toBe(
      "Application  Process  Disabled  State       Start       Now         PID     Extra args\n" +
        `web          nginx    False     RUNNING     ${clock(T1)}    ${clock(1)}    1234    -x 1\n`,
    );
    const bad = supvisorsServer({ "supvisors.get_all_local_process_info": [{ ...LOCAL[0]!, start: "x" }] });
    expect((await oneShot(bad, "local_status")).out).toEndWith("error: <class 'TypeError'>, 'str' object cannot be interpreted as an integer\n");
  });
  test("stateDescription", () => {
    expect(stateDescription(200)).toBe("FATAL");
    expect(stateDescription(new Double(40))).toBe("STOPPING");
    expect(stateDescription("20")).toBe("None");
    expect(stateDescription(1)).toBe("None");
  });
});
