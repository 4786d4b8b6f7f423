// end_sync, sreload, sshutdown, loglevel (CTL-SV-33..36) against a fake server. Expected texts
// recorded from the Supvisors 0.19 ctl plugin run by supervisorctl 4.2.5 against the same answers.

import { describe, expect, test } from "bun:test";
import { Faults, RpcFault } from "../../../src/api/faults.ts";
import { loggerLevel } from "../../../src/cli/ctl/commands/supvisors-admin.ts";
import { methodsCalled, supvisorsServer } from "./supvisors-fixtures.ts";
import { ctl, oneShot, URL } from "./run-helper.ts";

const END_SYNC_HELP =
  "end_sync\t\t\t\tEnd the Supvisors synchronization phase\n" +
  "end_sync master_identifier\t\tEnd the Supvisors synchronization phase and select this identifier as Supvisors Master instance \n";
const LOGLEVEL_HELP =
  "loglevel lvl\t\t\t\tChange the level of local Supvisors' logger to lvl.\n" +
  "\t\t\t\t\tApplicable values are: dict_values(['critical', 'error', 'warn', 'info', 'debug', 'trace', 'blather']).\n";

describe("end_sync (CTL-SV-35)", () => {
  const s = () => supvisorsServer({ "supvisors.end_sync": true });
  test("without a Master: an empty identifier is sent", async () => {
    const server = s();
    expect(await oneShot(server, "end_sync")).toEqual({ code: 0, out: "End of Synchronization phase requested: True\n", err: "" });
    expect(server.calls.at(-1)).toMatchObject({ method: "supvisors.end_sync", params: [""] });
  });
  test("with a Master", async () => {
    const server = s();
    expect((await oneShot(server, "end_sync alpha")).out).toBe("End of Synchronization phase requested: True\n");
    expect(server.calls.at(-1)).toMatchObject({ method: "supvisors.end_sync", params: ["alpha"] });
  });
  test("two identifiers: message and help, exit 2, nothing requested", async () => {
    const server = s();
    expect(await oneShot(server, "end_sync a b")).toEqual({
      code: 2, out: "ERROR: end_sync optionally takes one single Supvisors identifier\n" + END_SYNC_HELP, err: "",
    });
    expect(methodsCalled(server)).toEqual([]);
  });
  test("fault", async () => {
    const server = supvisorsServer({ "supvisors.end_sync": new RpcFault(Faults.NOT_APPLICABLE, "USER not in synchro_options") });
    expect(await oneShot(server, "end_sync")).toEqual({
      code: 1, out: "ERROR (NOT_APPLICABLE: USER not in synchro_options)\n", err: "",
    });
  });
});

describe("sreload / sshutdown (CTL-SV-33, 34)", () => {
  const cases = [
    ["sreload", "supvisors.restart", "Restarted"],
    ["sshutdown", "supvisors.shutdown", "Shut down"],
  ] as const;
  for (const [command, method, label] of cases) {
    test(`${command}: the result`, async () => {
      const server = supvisorsServer({ [method]: true });
      expect(await oneShot(server, command)).toEqual({ code: 0, out: `${label}: True\n`, err: "" });
      expect(methodsCalled(server)).toEqual([method]);
      // A false answer is printed as is and is not an error.
      expect(await oneShot(supvisorsServer({ [method]: false }), `${command} extra`)).toEqual({ code: 0, out: `${label}: False\n`, err: "" });
    });
    test(`${command}: fault`, async () => {
      const server = supvisorsServer({ [method]: new RpcFault(Faults.BAD_SUPVISORS_STATE, "no master") });
      expect(await oneShot(server, command)).toEqual({ code: 1, out: "ERROR (BAD_SUPVISORS_STATE: no master)\n", err: "" });
    });
    test(`${command}: no confirmation asked, even in the shell`, async () => {
      const server = supvisorsServer({ [method]: true, "supervisor.getAllProcessInfo": [] });
      const run = await ctl(server, ["-s", URL], `${command}\nn\n`);
      expect(run.out).toBe(`supervisor> ${label}: True\nsupervisor> *** Unknown syntax: n\nsupervisor> \n`);
      // The shell's opening `status` first, then the action with no question in between.
      expect(methodsCalled(server)).toEqual(["supervisor.getVersion", "supervisor.getAllProcessInfo", method]);
    });
  }
});

describe("loglevel (CTL-SV-36)", () => {
  test("each level name is sent as its number", async () => {
    const expected: Record<string, number> = { critical: 50, error: 40, warn: 30, info: 20, debug: 10, trace: 5, blather: 3 };
    for (const [name, number] of Object.entries(expected)) {
      const server = supvisorsServer({ "supvisors.change_log_level": true });
      expect(await oneShot(server, `loglevel ${name}`)).toEqual({ code: 0, out: "Logger level changed: True\n", err: "" });
      expect(server.calls.at(-1)).toMatchObject({ method: "supvisors.change_log_level", params: [number] });
    }
  });
  test("words after the level are ignored", async () => {
    const server = supvisorsServer({ "supvisors.change_log_level": true });
    expect((await oneShot(server, "loglevel blather x")).out).toBe("Logger level changed: True\n");
    expect(server.calls.at(-1)!.params).toEqual([3]);
  });
  test("no level: message and help, exit 2", async () => {
    const server = supvisorsServer();
    expect(await oneShot(server, "loglevel")).toEqual({ code: 2, out: "ERROR: loglevel requires a level\n" + LOGLEVEL_HELP, err: "" });
    expect(methodsCalled(server)).toEqual([]);
  });
  test("unknown or upper-case names: message and help, exit 2", async () => {
    for (const word of ["DEBUG", "warning", "10", "nope"]) {
      const server = supvisorsServer();
      expect(await oneShot(server, `loglevel ${word}`)).toEqual({ code: 2, out: "ERROR: unknown level for Logger\n" + LOGLEVEL_HELP, err: "" });
      expect(methodsCalled(server)).toEqual([]);
    }
  });
  test("fault", async () => {
    const server = supvisorsServer({ "supvisors.change_log_level": new RpcFault(Faults.INCORRECT_PARAMETERS, "bad level") });
    expect(await oneShot(server, "loglevel warn")).toEqual({ code: 1, out: "ERROR (INCORRECT_PARAMETERS: bad level)\n", err: "" });
  });
  test("loggerLevel", () => {
    expect(loggerLevel("trace")).toBe(5);
    expect(loggerLevel("Trace")).toBeNull();
    expect(loggerLevel("toString")).toBeNull();
    expect(loggerLevel("")).toBeNull();
  });
});
