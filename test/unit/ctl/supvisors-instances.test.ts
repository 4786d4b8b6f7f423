// instance_status (CTL-SV-06) against a fake server. Layout recorded from the Supvisors 0.19 ctl
// plugin run by supervisorctl 4.2.5 against the same answers (Time column in the ctl's zone).

import { describe, expect, test } from "bun:test";
import { Faults, RpcFault } from "../../../src/api/faults.ts";
import { Double } from "../../../src/api/xmlrpc/value.ts";
import { instanceTable, localTimeOfDay } from "../../../src/cli/ctl/commands/supvisors-instances.ts";
import { ALL_INSTANCES, T1, T2, clock, instanceInfo, methodsCalled, supvisorsServer } from "./supvisors-fixtures.ts";
import { oneShot } from "./run-helper.ts";

const TITLE = "Nickname  Supvisors identifier  Host                 Port   State      Load  Time      Counter  Processes  \n";
const alpha = () => `alpha     10.0.0.1:60000        10.0.0.1             60000  RUNNING    12%   ${clock(T1)}  523      ok         \n`;
const bravo = () => `bravo     rocky52:60000         rocky52.example.org  7777   SILENT     0%    ${clock(T2)}  0        error      \n`;

describe("instance_status (CTL-SV-06)", () => {
  const s = () => supvisorsServer({ "supvisors.get_all_instances_info": ALL_INSTANCES });

  test("every instance, with or without `all`", async () => {
    for (const line of ["instance_status", "instance_status all", "instance_status nosuch all"]) {
      const server = s();
      expect(await oneShot(server, line)).toEqual({ code: 0, out: TITLE + alpha() + bravo(), err: "" });
      expect(methodsCalled(server)).toEqual(["supvisors.get_all_instances_info"]);
    }
  });
  test("selected by nickname or identifier", async () => {
    expect((await oneShot(s(), "instance_status bravo")).out).toBe(TITLE + bravo());
    expect((await oneShot(s(), "instance_status 10.0.0.1:60000 nosuch")).out).toBe(TITLE + alpha());
    expect((await oneShot(s(), "instance_status bravo alpha")).out).toBe(TITLE + alpha() + bravo());
  });
  test("nothing selected, or nothing known: the title alone, exit 0", async () => {
    expect(await oneShot(s(), "instance_status nosuch")).toEqual({ code: 0, out: TITLE, err: "" });
    const empty = supvisorsServer({ "supvisors.get_all_instances_info": [] });
    expect(await oneShot(empty, "instance_status")).toEqual({
      code: 0,
      out: "Nickname  Supvisors identifier  Host  Port   State      Load  Time      Counter  Processes  \n",
      err: "",
    });
  });
  test("fault", async () => {
    const server = supvisorsServer({ "supvisors.get_all_instances_info": new RpcFault(Faults.FAILED, "oops") });
    expect(await oneShot(server, "instance_status")).toEqual({ code: 1, out: "ERROR (FAILED: oops)\n", err: "" });
  });
  test("an instance missing a key fails after the lines before it", async () => {
    const server = supvisorsServer({
      "supvisors.get_all_instances_info": [
        instanceInfo("n", "x", "h", 1, "RUNNING", 3, 1, false, T1),
        { identifier: "y", nick_identifier: "m", node_name: "h" },
      ],
    });
    const run = await oneShot(server, "instance_status");
    expect(run.out).toBe(
      "Nickname  Supvisors identifier  Host  Port   State      Load  Time      Counter  Processes  \n" +
        `n         x                     h     1      RUNNING    3%    ${clock(T1)}  1        ok         \n` +
        "error: <class 'KeyError'>, 'port'\n",
    );
    expect(run.code).toBe(1);
  });
});

describe("instanceTable and the Time column", () => {
  const utc = (t: number) => new Date(Math.floor(t) * 1000).toISOString().slice(11, 19);

  test("values longer than the fixed widths push the next column, as %-Ns does", () => {
    const lines: string[] = [];
    const info = instanceInfo("𝔸", "id", "h", 1234567, "CHECKING_LONG", 100, 123456789, false, 0);
    instanceTable([info], [], (l) => lines.push(l), { timeOfDay: utc });
    expect(lines).toEqual([
      "Nickname  Supvisors identifier  Host  Port   State      Load  Time      Counter  Processes  ",
      "𝔸         id                    h     1234567CHECKING_LONG100%  00:00:00  123456789ok         ",
    ]);
  });
  test("a fractional or double time is floored; a missing one is now", () => {
    const lines: string[] = [];
    const infos = [
      { ...instanceInfo("a", "a", "h", 1, "RUNNING", 0, 0, false, 0), local_time: new Double(59.9) },
      { ...instanceInfo("b", "b", "h", 1, "RUNNING", 0, 0, false, 0), local_time: null },
    ];
    instanceTable(infos, [], (l) => lines.push(l), { timeOfDay: utc, now: () => 3600 * 5 + 61 });
    expect(lines[1]).toContain("00:00:59");
    expect(lines[2]).toContain("05:01:01");
  });
  test("a time that is not a number is a TypeError line", async () => {
    const server = supvisorsServer({
      "supvisors.get_all_instances_info": [{ ...instanceInfo("a", "a", "h", 1, "RUNNING", 0, 0, false, 0), local_time: "x" }],
    });
    const run = await oneShot(server, "instance_status");
    expect(run.out).toEndWith("error: <class 'TypeError'>, 'str' object cannot be interpreted as an integer\n");
    expect(run.code).toBe(1);
  });
  test("localTimeOfDay is the local wall clock", () => {
    for (const t of [0, T1, T2, T2 + 0.999]) expect(localTimeOfDay(t)).toBe(clock(Math.floor(t)));
  });
});
