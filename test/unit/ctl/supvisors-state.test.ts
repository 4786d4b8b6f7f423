// sversion, sstate, master, strategies (CTL-SV-01..04) against a fake server. Expected texts were
// recorded from the Supvisors 0.19 ctl plugin run by supervisorctl 4.2.5 against the same answers.

import { describe, expect, test } from "bun:test";
import { Faults, RpcFault } from "../../../src/api/faults.ts";
import { sstateTable } from "../../../src/cli/ctl/commands/supvisors-state.ts";
import { ALL_STATES, LOCAL_STATE, methodsCalled, supvisorsServer } from "./supvisors-fixtures.ts";
import { oneShot } from "./run-helper.ts";

describe("sversion (CTL-SV-01)", () => {
  test("prints the API version", async () => {
    const s = supvisorsServer();
    expect(await oneShot(s, "sversion")).toEqual({ code: 0, out: "0.19\n", err: "" });
    // Once for the up-check, once for the answer.
    expect(s.calls.map((c) => c.method)).toEqual(["supvisors.get_api_version", "supvisors.get_api_version"]);
  });
  test("arguments are ignored", async () => {
    expect(await oneShot(supvisorsServer(), "sversion x y")).toEqual({ code: 0, out: "0.19\n", err: "" });
  });
  test("a fault on the second call", async () => {
    let n = 0;
    const s = supvisorsServer({
      "supvisors.get_api_version": () => {
        if (++n === 2) throw new RpcFault(Faults.FAILED, "gone");
        return "0.19";
      },
    });
    expect(await oneShot(s, "sversion")).toEqual({ code: 1, out: "ERROR (FAILED: gone)\n", err: "" });
  });
});

describe("sstate (CTL-SV-02)", () => {
  const s = () =>
    supvisorsServer({ "supvisors.get_supvisors_state": LOCAL_STATE, "supvisors.get_all_instances_state_modes": ALL_STATES });
  const ALL_TITLE = "Nickname                Supvisors identifier  State           Degraded  Discovery  Master          Starting  Stopping  \n";
  const ALPHA = "alpha                   10.0.0.1:60000        OPERATION       False     True       10.0.0.1:60000  True      False     \n";
  const LONG = "a-much-longer-nickname  10.0.0.2:60000        OPERATION       True      True                       False     False     \n";

  test("no argument: the local state, job columns as identifier lists", async () => {
    const server = s();
    const run = await oneShot(server, "sstate");
    expect(run.out).toBe(
      "Nickname  Supvisors identifier  State           Degraded  Discovery  Master          Starting            Stopping  \n" +
        "alpha     10.0.0.1:60000        OPERATION       False     True       10.0.0.1:60000  ['10.0.0.2:60000']  []        \n",
    );
    expect(run.code).toBe(0);
    expect(methodsCalled(server)).toEqual(["supvisors.get_supvisors_state"]);
  });
  test("all: every instance, columns as wide as the longest value", async () => {
    const server = s();
    expect(await oneShot(server, "sstate all")).toEqual({ code: 0, out: ALL_TITLE + ALPHA + LONG, err: "" });
    expect(methodsCalled(server)).toEqual(["supvisors.get_all_instances_state_modes"]);
  });
  test("selected by nickname or by identifier; widths still from every instance", async () => {
    expect((await oneShot(s(), "sstate alpha")).out).toBe(ALL_TITLE + ALPHA);
    expect((await oneShot(s(), "sstate 10.0.0.2:60000")).out).toBe(ALL_TITLE + LONG);
    expect((await oneShot(s(), "sstate 10.0.0.2:60000 alpha")).out).toBe(ALL_TITLE + ALPHA + LONG);
  });
  test("an unknown identifier prints the title only, exit 0", async () => {
    expect(await oneShot(s(), "sstate nosuch")).toEqual({ code: 0, out: ALL_TITLE, err: "" });
  });
  test("no instance known: nothing at all", async () => {
    const server = supvisorsServer({ "supvisors.get_all_instances_state_modes": [] });
    expect(await oneShot(server, "sstate all")).toEqual({ code: 0, out: "", err: "" });
  });
  test("faults", async () => {
    const server = supvisorsServer({
      "supvisors.get_supvisors_state": new RpcFault(Faults.BAD_SUPVISORS_STATE, "not yet"),
      "supvisors.get_all_instances_state_modes": new RpcFault(Faults.FAILED),
    });
    expect(await oneShot(server, "sstate")).toEqual({ code: 1, out: "ERROR (BAD_SUPVISORS_STATE: not yet)\n", err: "" });
    expect(await oneShot(server, "sstate all")).toEqual({ code: 1, out: "ERROR (FAILED)\n", err: "" });
  });
  test("a struct missing a key fails after the lines before it", async () => {
    const server = supvisorsServer({
      "supvisors.get_all_instances_state_modes": [
        { ...ALL_STATES[0], nick_identifier: "n", identifier: "x" },
        { identifier: "y" },
      ],
    });
    const run = await oneShot(server, "sstate all");
    expect(run.out).toBe(
      "Nickname  Supvisors identifier  State           Degraded  Discovery  Master          Starting  Stopping  \n" +
        "n         x                     OPERATION       False     True       10.0.0.1:60000  True      False     \n" +
        "error: <class 'KeyError'>, 'nick_identifier'\n",
    );
    expect(run.code).toBe(1);
  });
  test("a Flotilla server waiting in SYNCHRONIZATION: the condition is printed under the table", async () => {
    const waiting = { ...LOCAL_STATE, fsm_statecode: 1, fsm_statename: "SYNCHRONIZATION", waiting_for: "STRICT: waiting for beta" };
    const { code, out } = await oneShot(supvisorsServer({ "supvisors.get_supvisors_state": waiting }), "sstate");
    expect(code).toBe(0);
    expect(out.split("\n").filter(Boolean).at(-1)).toBe("Waiting for: STRICT: waiting for beta");
  });

  test("sstateTable alone: width of a column is its title + 2 when values are shorter", () => {
    const lines: string[] = [];
    sstateTable([{ identifier: "i", nick_identifier: "n", fsm_statename: "OFF", degraded_mode: false, discovery_mode: false, master_identifier: "", starting_jobs: [], stopping_jobs: [] }], [], (l) => lines.push(l));
    expect(lines).toEqual([
      "Nickname  Supvisors identifier  State           Degraded  Discovery  Master  Starting  Stopping  ",
      "n         i                     OFF             False     False              []        []        ",
    ]);
  });
});

describe("master (CTL-SV-03)", () => {
  test("the Master's nickname and identifier", async () => {
    const s = supvisorsServer({ "supvisors.get_master_identifier": { identifier: "10.0.0.1:60000", nick_identifier: "alpha" } });
    expect(await oneShot(s, "master")).toEqual({ code: 0, out: "Nick identifier: alpha\nIdentifier:      10.0.0.1:60000\n", err: "" });
  });
  test("no Master yet", async () => {
    expect(await oneShot(supvisorsServer({ "supvisors.get_master_identifier": {} }), "master")).toEqual({
      code: 0, out: "No Supvisors Master\n", err: "",
    });
  });
  test("fault", async () => {
    const s = supvisorsServer({ "supvisors.get_master_identifier": new RpcFault(Faults.BAD_SUPVISORS_STATE) });
    expect(await oneShot(s, "master")).toEqual({ code: 1, out: "ERROR (BAD_SUPVISORS_STATE)\n", err: "" });
  });
  test("a missing key", async () => {
    const run = await oneShot(supvisorsServer({ "supvisors.get_master_identifier": { identifier: "x" } }), "master");
    expect(run).toEqual({ code: 1, out: "error: <class 'KeyError'>, 'nick_identifier'\n", err: "" });
  });
});

describe("strategies (CTL-SV-04)", () => {
  test("four lines", async () => {
    const s = supvisorsServer({
      "supvisors.get_strategies": { "auto-fencing": false, starting: "CONFIG", conciliation: "USER", supvisors_failure: "CONTINUE" },
    });
    expect(await oneShot(s, "strategies")).toEqual({
      code: 0,
      out: "Auto-fencing: False\nFailure:      CONTINUE\nConciliation: USER\nStarting:     CONFIG\n",
      err: "",
    });
  });
  test("fault", async () => {
    const s = supvisorsServer({ "supvisors.get_strategies": new RpcFault(Faults.INCORRECT_PARAMETERS) });
    expect(await oneShot(s, "strategies")).toEqual({ code: 1, out: "ERROR (INCORRECT_PARAMETERS)\n", err: "" });
  });
  test("a missing key stops after the lines before it", async () => {
    const s = supvisorsServer({ "supvisors.get_strategies": { "auto-fencing": true, starting: "LESS_LOADED" } });
    expect(await oneShot(s, "strategies")).toEqual({
      code: 1, out: "Auto-fencing: True\nerror: <class 'KeyError'>, 'supvisors_failure'\n", err: "",
    });
  });
});
