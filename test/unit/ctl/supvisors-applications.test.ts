// application_info (CTL-SV-07) and application_rules (CTL-SV-08) against a fake server. Expected
// texts recorded from the Supvisors 0.19 ctl plugin run by supervisorctl 4.2.5 (Debian) against a
// server giving the same answers.

import { describe, expect, test } from "bun:test";
import { Faults, RpcFault } from "../../../src/api/faults.ts";
import type { XmlRpcValue } from "../../../src/api/xmlrpc/value.ts";
import type { Struct } from "../../../src/cli/ctl/commands/results.ts";
import { methodsCalled, supvisorsServer } from "./supvisors-fixtures.ts";
import { oneShot } from "./run-helper.ts";

function app(name: string, managed: boolean, statename: string, major: boolean, minor: boolean): Struct {
  const codes: Record<string, number> = { STOPPED: 0, STARTING: 1, RUNNING: 2 };
  return { application_name: name, managed, statecode: codes[statename]!, statename, major_failure: major, minor_failure: minor, now_monotonic: 1 };
}

const APPS = [
  app("web", true, "RUNNING", false, true),
  app("database_long_name", true, "STOPPED", false, false),
  app("tools", false, "STOPPED", false, false),
  app("alpha", true, "STARTING", true, false),
];

const RULES: Record<string, Struct> = {
  web: {
    application_name: "web", managed: true, distribution: "ALL_INSTANCES", identifiers: ["*"], start_sequence: 1, stop_sequence: 2,
    starting_strategy: "CONFIG", starting_failure_strategy: "ABORT", running_failure_strategy: "CONTINUE", status_formula: "",
  },
  database_long_name: {
    application_name: "database_long_name", managed: true, distribution: "SINGLE_INSTANCE", identifiers: ["10.0.0.1:60000", "rocky52:60000"],
    start_sequence: 0, stop_sequence: 0, starting_strategy: "LESS_LOADED_NODE", starting_failure_strategy: "CONTINUE",
    running_failure_strategy: "RESTART_APPLICATION", status_formula: "",
  },
  tools: { application_name: "tools", managed: false },
  // No identifiers: the column shows n/a.
  alpha: {
    application_name: "alpha", managed: true, distribution: "SINGLE_NODE", start_sequence: 3, stop_sequence: 1,
    starting_strategy: "LOCAL", starting_failure_strategy: "STOP", running_failure_strategy: "STOP_APPLICATION",
  },
};

const rules = (name: XmlRpcValue) => {
  const found = RULES[String(name)];
  if (!found) throw new RpcFault(Faults.BAD_NAME, `${name}`);
  return found;
};

const server = (extra: Record<string, XmlRpcValue | Error> = {}) =>
  supvisorsServer({ "supvisors.get_all_applications_info": APPS, "supvisors.get_application_rules": rules, ...extra });

const INFO_TITLE = "Application         State     Major  Minor  \n";
const INFO = {
  web: "web                 RUNNING   False  True   \n",
  db: "database_long_name  STOPPED   False  False  \n",
  tools: "tools               STOPPED   False  False  \n",
  alpha: "alpha               STARTING  True   False  \n",
};

describe("application_info (CTL-SV-07)", () => {
  const cases: Array<[string, string, number]> = [
    ["application_info", INFO_TITLE + INFO.web + INFO.db + INFO.tools + INFO.alpha, 0],
    ["application_info all", INFO_TITLE + INFO.web + INFO.db + INFO.tools + INFO.alpha, 0],
    ["application_info web nosuch all", INFO_TITLE + INFO.web + INFO.db + INFO.tools + INFO.alpha, 0],
    // Filtered in the server's order; the width still counts every application.
    ["application_info alpha nosuch web", INFO_TITLE + INFO.web + INFO.alpha, 0],
    ["application_info nosuch", INFO_TITLE, 0],
  ];
  for (const [line, out, code] of cases) {
    test(line, async () => {
      const s = server();
      expect(await oneShot(s, line)).toEqual({ code, out, err: "" });
      expect(methodsCalled(s)).toEqual(["supvisors.get_all_applications_info"]);
    });
  }
  test("no application: the title alone", async () => {
    const run = await oneShot(server({ "supvisors.get_all_applications_info": [] }), "application_info");
    expect(run).toEqual({ code: 0, out: "Application  State     Major  Minor  \n", err: "" });
  });
  test("fault", async () => {
    const s = server({ "supvisors.get_all_applications_info": new RpcFault(Faults.BAD_SUPVISORS_STATE, "not in OPERATION") });
    expect(await oneShot(s, "application_info")).toEqual({ code: 1, out: "ERROR (BAD_SUPVISORS_STATE: not in OPERATION)\n", err: "" });
  });
  test("an application missing a key fails after the lines before it", async () => {
    const s = server({ "supvisors.get_all_applications_info": [APPS[0]!, { application_name: "q" }] });
    expect(await oneShot(s, "application_info")).toEqual({
      code: 1,
      out: "Application  State     Major  Minor  \nweb          RUNNING   False  True   \nerror: <class 'KeyError'>, 'statename'\n",
      err: "",
    });
  });
});

const RULES_TITLE_ALL =
  "Application         Managed  Distribution     Supervisor                           Start  Stop   Starting          Starting_Failure  Running_Failure\n";
const RULES_ALL =
  RULES_TITLE_ALL +
  "web                 True     ALL_INSTANCES    ['*']                                1      2      CONFIG            ABORT             CONTINUE\n" +
  "database_long_name  True     SINGLE_INSTANCE  ['10.0.0.1:60000', 'rocky52:60000']  0      0      LESS_LOADED_NODE  CONTINUE          RESTART_APPLICATION\n" +
  "tools               False    n/a              n/a                                  n/a    n/a    n/a               n/a               n/a\n" +
  "alpha               True     SINGLE_NODE      n/a                                  3      1      LOCAL             STOP              STOP_APPLICATION\n";

describe("application_rules (CTL-SV-08)", () => {
  test("all: names from get_all_applications_info, then one request each", async () => {
    for (const line of ["application_rules", "application_rules all", "application_rules web all"]) {
      const s = server();
      expect(await oneShot(s, line)).toEqual({ code: 0, out: RULES_ALL, err: "" });
      expect(methodsCalled(s)).toEqual([
        "supvisors.get_all_applications_info",
        ...Array(4).fill("supvisors.get_application_rules"),
      ]);
      expect(s.calls.filter((c) => c.method === "supvisors.get_application_rules").map((c) => c.params[0])).toEqual([
        "web", "database_long_name", "tools", "alpha",
      ]);
    }
  });
  test("named: in the order given; an unknown one is an error line first, exit 1", async () => {
    const s = server();
    expect(await oneShot(s, "application_rules tools web nosuch alpha")).toEqual({
      code: 1,
      out:
        "nosuch: ERROR (BAD_NAME: nosuch)\n" +
        "Application  Managed  Distribution     Supervisor  Start  Stop   Starting          Starting_Failure  Running_Failure\n" +
        "tools        False    n/a              n/a         n/a    n/a    n/a               n/a               n/a\n" +
        "web          True     ALL_INSTANCES    ['*']       1      2      CONFIG            ABORT             CONTINUE\n" +
        "alpha        True     SINGLE_NODE      n/a         3      1      LOCAL             STOP              STOP_APPLICATION\n",
      err: "",
    });
    expect(methodsCalled(s)).toEqual(Array(4).fill("supvisors.get_application_rules"));
  });
  test("nothing found: no table at all", async () => {
    expect(await oneShot(server(), "application_rules nosuch")).toEqual({ code: 1, out: "nosuch: ERROR (BAD_NAME: nosuch)\n", err: "" });
  });
  test("fault listing the applications", async () => {
    const s = server({ "supvisors.get_all_applications_info": new RpcFault(Faults.BAD_SUPVISORS_STATE, "not in OPERATION") });
    expect(await oneShot(s, "application_rules")).toEqual({ code: 1, out: "ERROR (BAD_SUPVISORS_STATE: not in OPERATION)\n", err: "" });
    expect(methodsCalled(s)).toEqual(["supvisors.get_all_applications_info"]);
  });
  test("a managed application missing a rule fails after the title", async () => {
    const s = server({ "supvisors.get_application_rules": { application_name: "w", managed: true, distribution: "ALL" } });
    expect((await oneShot(s, "application_rules web")).out).toBe(
      "Application  Managed  Distribution     Supervisor  Start  Stop   Starting          Starting_Failure  Running_Failure\n" +
        "error: <class 'KeyError'>, 'start_sequence'\n",
    );
  });
});
