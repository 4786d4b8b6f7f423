// update_numprocs, lazy_update_numprocs, enable, disable, conciliate, restart_sequence
// (CTL-SV-27..32) against a fake server. Expected texts recorded from the Supvisors 0.19 ctl plugin
// run by supervisorctl 4.2.5 (Debian) against a server giving the same answers.

import { describe, expect, test } from "bun:test";
import { Faults, RpcFault } from "../../../src/api/faults.ts";
import { numprocsArg } from "../../../src/cli/ctl/commands/supvisors-programs.ts";
import { methodsCalled, supvisorsServer } from "./supvisors-fixtures.ts";
import { oneShot } from "./run-helper.ts";

const HELP = {
  update_numprocs: "update_numprocs program_name numprocs\t\tUpdate the program numprocs.\n",
  lazy_update_numprocs: "lazy_update_numprocs program_name numprocs\t\tUpdate the program numprocs (lazy mode).\n",
  enable: "enable program_name\t\t\tEnable the program.\n",
  disable: "disable program_name\t\t\tDisable the program.\n",
  conciliate: "conciliate <strategy>\t\t\tConciliate process conflicts using strategy\n",
};

const server = () =>
  supvisorsServer({
    "supvisors.update_numprocs": true,
    "supvisors.enable": true,
    "supvisors.disable": (name) => {
      if (name === "bad") throw new RpcFault(Faults.BAD_NAME, "bad");
      return true;
    },
    "supvisors.conciliate": (strategy) => strategy !== 2,
    "supvisors.restart_sequence": true,
  });

describe("update_numprocs / lazy_update_numprocs (CTL-SV-27, 28)", () => {
  const cases: Array<[string, string, unknown[]]> = [
    ["update_numprocs prog 2", "prog numprocs updated: True\n", ["prog", 2]],
    ["update_numprocs prog +3 y", "prog numprocs updated: True\n", ["prog", 3]],
    ["update_numprocs prog 1_0", "prog numprocs updated: True\n", ["prog", 10]],
    ["update_numprocs prog ٣", "prog numprocs updated: True\n", ["prog", 3]],
    // wait and lazy: obsolete processes are removed once they stop.
    ["lazy_update_numprocs prog 2", "prog numprocs updated: True\n", ["prog", 2, true, true]],
  ];
  for (const [line, out, params] of cases) {
    test(line, async () => {
      const s = server();
      expect(await oneShot(s, line)).toEqual({ code: 0, out, err: "" });
      expect(s.calls.at(-1)).toMatchObject({ method: "supvisors.update_numprocs", params });
    });
  }
  for (const name of ["update_numprocs", "lazy_update_numprocs"] as const) {
    test(`${name}: argument checks`, async () => {
      const lines: Array<[string, string]> = [
        [name, `ERROR: ${name} requires a program name and a numprocs values\n`],
        [`${name} prog`, `ERROR: ${name} requires a program name and a numprocs values\n`],
        ...["0", "-1", "x", "1.5", "-0", "1__0"].map((n): [string, string] => [`${name} prog ${n}`, "ERROR: numprocs must be a strictly positive integer\n"]),
      ];
      for (const [line, message] of lines) {
        const s = server();
        expect(await oneShot(s, line)).toEqual({ code: 2, out: message + HELP[name], err: "" });
        expect(methodsCalled(s)).toEqual([]);
      }
    });
  }
  test("fault: ERROR line without the program name", async () => {
    const s = supvisorsServer({ "supvisors.update_numprocs": new RpcFault(Faults.NOT_APPLICABLE, "prog") });
    expect(await oneShot(s, "update_numprocs prog 2")).toEqual({ code: 1, out: "ERROR (NOT_APPLICABLE: prog)\n", err: "" });
  });
  test("numprocsArg reads numbers as Python's int()", () => {
    expect(numprocsArg("𝟗𝟘")).toBe(90);
    expect(numprocsArg("٠٧")).toBe(7);
    expect(numprocsArg("+1_000")).toBe(1000);
    expect(numprocsArg("0x10")).toBeNull();
    expect(numprocsArg("_1")).toBeNull();
    expect(numprocsArg("")).toBeNull();
  });
});

describe("enable / disable (CTL-SV-29, 30)", () => {
  test("the first word is the program; others ignored", async () => {
    const s = server();
    expect(await oneShot(s, "enable prog more")).toEqual({ code: 0, out: "prog enabled: True\n", err: "" });
    expect(s.calls.at(-1)).toMatchObject({ method: "supvisors.enable", params: ["prog"] });
    expect(await oneShot(server(), "disable prog")).toEqual({ code: 0, out: "prog disabled: True\n", err: "" });
  });
  test("fault: ERROR line without the program name", async () => {
    expect(await oneShot(server(), "disable bad")).toEqual({ code: 1, out: "ERROR (BAD_NAME: bad)\n", err: "" });
  });
  test("a program name is required", async () => {
    for (const name of ["enable", "disable"] as const) {
      const s = server();
      expect(await oneShot(s, name)).toEqual({ code: 2, out: `ERROR: ${name} requires a program name\n` + HELP[name], err: "" });
      expect(methodsCalled(s)).toEqual([]);
    }
  });
});

describe("conciliate (CTL-SV-31)", () => {
  test("each conciliation strategy sent as its enum value; the answer printed", async () => {
    const names = ["SENICIDE", "INFANTICIDE", "USER", "STOP", "RESTART", "RUNNING_FAILURE"];
    for (const [value, name] of names.entries()) {
      const s = server();
      expect(await oneShot(s, `conciliate ${name} extra`)).toEqual({ code: 0, out: `Conciliated: ${value === 2 ? "False" : "True"}\n`, err: "" });
      expect(s.calls.at(-1)).toMatchObject({ method: "supvisors.conciliate", params: [value] });
    }
  });
  test("argument checks", async () => {
    const unknown =
      "ERROR: unknown strategy for conciliate. use one of ['SENICIDE', 'INFANTICIDE', 'USER', 'STOP', 'RESTART', 'RUNNING_FAILURE']\n";
    for (const [line, message] of [["conciliate", "ERROR: conciliate requires a strategy\n"], ["conciliate user", unknown], ["conciliate CONFIG", unknown]]) {
      const s = server();
      expect(await oneShot(s, line!)).toEqual({ code: 2, out: message + HELP.conciliate, err: "" });
      expect(methodsCalled(s)).toEqual([]);
    }
  });
  test("fault", async () => {
    const s = supvisorsServer({ "supvisors.conciliate": new RpcFault(Faults.BAD_SUPVISORS_STATE) });
    expect(await oneShot(s, "conciliate STOP")).toEqual({ code: 1, out: "ERROR (BAD_SUPVISORS_STATE)\n", err: "" });
  });
});

describe("restart_sequence (CTL-SV-32)", () => {
  test("arguments ignored; the answer printed", async () => {
    const s = server();
    expect(await oneShot(s, "restart_sequence x")).toEqual({ code: 0, out: "Start sequence completed: True\n", err: "" });
    expect(s.calls.at(-1)).toMatchObject({ method: "supvisors.restart_sequence", params: [] });
  });
  test("fault", async () => {
    const s = supvisorsServer({ "supvisors.restart_sequence": new RpcFault(Faults.BAD_SUPVISORS_STATE) });
    expect(await oneShot(s, "restart_sequence")).toEqual({ code: 1, out: "ERROR (BAD_SUPVISORS_STATE)\n", err: "" });
  });
});
