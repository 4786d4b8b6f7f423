// ST-DYN-03/04 and RPC-SV-32: numprocs changes on the LocalSupervisor and through XML-RPC — new
// processes in every group using the program, removals now or once stopped (lazy or not), the
// configuration seen by getAllConfigInfo, the listeners told, and the faults with their texts.
import { describe, expect, test } from "bun:test";
import { Faults } from "../../../src/api/faults.ts";
import { Double } from "../../../src/api/xmlrpc/value.ts";
import { planDecrease, planIncrease } from "../../../src/supervisor/numprocs-plan.ts";
import { MemoryStore, TemplateExpander, faultOf, flush, group, numbered, processConfig, rig, states } from "./helpers.ts";

const w = (n: number) => group("w", numbered("w", n, { startsecs: 0 }));

describe("numprocs plans (pure)", () => {
  const p = (name: string, processNum: number, state: 0 | 20 | 100, obsolete = false) => ({ name, processNum, state, obsolete });
  test.each([
    ["keeps the first by process_num; stopped leave now, running retire", [p("w_2", 2, 20), p("w_0", 0, 20), p("w_1", 1, 0)], 1, ["w_1"], ["w_2"]],
    ["ignores processes already retired", [p("w_0", 0, 20), p("w_1", 1, 20, true)], 1, [], []],
    ["EXITED counts as stopped", [p("w_0", 0, 20), p("w_1", 1, 100)], 1, ["w_1"], []],
  ] as const)("decrease %s", (_, existing, n, now, retire) => {
    const plan = planDecrease([...existing], n);
    expect([plan.removeNow.map((x) => x.name), plan.retire.map((x) => x.name)]).toEqual([[...now], [...retire]]);
  });

  test("increase adds the missing names and revives retired ones", () => {
    const plan = planIncrease([p("w_0", 0, 20), p("w_1", 1, 20, true)], numbered("w", 3));
    expect([plan.add.map((c) => c.name), plan.revive.map((x) => x.name)]).toEqual([["w_2"], ["w_1"]]);
  });
});

describe("LocalSupervisor.updateNumprocs", () => {
  test("ST-DYN-03 an increase adds processes to every group using the program; autostart applies", () => {
    const r = rig([w(1), group("both", [...numbered("w", 1, { startsecs: 0 }), processConfig({ name: "x", programName: "x", autostart: false })])]);
    r.sup.start();
    let changes = 0;
    r.sup.onGroupsChanged(() => changes++);
    const change = r.sup.updateNumprocs("w", 3);
    expect(change.added.sort()).toEqual(["both:w_1", "both:w_2", "w:w_1", "w:w_2"]);
    expect(r.expander.calls).toEqual([{ program: "w", groups: ["both", "w"], numprocs: 3 }]);
    expect(states(r.sup)).toEqual({
      "both:w_0": "RUNNING", "both:w_1": "RUNNING", "both:w_2": "RUNNING", "both:x": "STOPPED",
      "w:w_0": "RUNNING", "w:w_1": "RUNNING", "w:w_2": "RUNNING",
    });
    expect(changes).toBe(1);
    // The group configuration follows, program processes kept together.
    expect(r.sup.group("both")!.config.processes.map((c) => c.name)).toEqual(["w_0", "w_1", "w_2", "x"]);
  });

  test("ST-DYN-03 new processes of a disabled program are disabled and do not start", () => {
    const r = rig([w(1)], { store: new MemoryStore({ w: true }) });
    r.sup.start();
    r.sup.updateNumprocs("w", 2);
    expect(r.sup.process("w:w_1").disabled).toBe(true);
    expect(r.spawner.children).toHaveLength(0);
  });

  test("ST-DYN-04 a decrease removes stopped processes at once and stops running ones, removed once stopped", async () => {
    const r = rig([w(3)]);
    r.sup.start();
    r.sup.process("w:w_2").runner.stop();
    r.spawner.children[2].exit(null, "SIGTERM");
    const change = r.sup.updateNumprocs("w", 1);
    expect(change.removed).toEqual(["w:w_2"]);
    expect(change.retired.map((e) => e.namespec)).toEqual(["w:w_1"]);
    expect(states(r.sup)).toEqual({ "w:w_0": "RUNNING", "w:w_1": "STOPPING" });
    r.spawner.children[1].exit(null, "SIGTERM");
    await flush();
    expect(states(r.sup)).toEqual({ "w:w_0": "RUNNING" });
    expect(r.sup.group("w")!.config.processes.map((c) => c.name)).toEqual(["w_0"]);
    expect(r.logs.filter((l) => l.includes("removed process"))).toEqual(["info removed process w:w_2", "info removed process w:w_1"]);
  });

  test("ST-DYN-04 lazy: running processes are left to end, not restarted, and removed then", async () => {
    const r = rig([group("w", numbered("w", 2, { startsecs: 0, autorestart: "true" }))]);
    r.sup.start();
    const change = r.sup.updateNumprocs("w", 1, { lazy: true });
    expect(change.retired.map((e) => e.namespec)).toEqual(["w:w_1"]);
    expect(states(r.sup)).toEqual({ "w:w_0": "RUNNING", "w:w_1": "RUNNING" });
    expect(r.spawner.kills).toEqual([]);
    r.spawner.children[1].exit(0);
    await flush();
    r.clock.advance(5000);
    expect(states(r.sup)).toEqual({ "w:w_0": "RUNNING" });
    expect(r.spawner.children).toHaveLength(2);
  });

  test("ST-DYN-04 lazy: a BACKOFF process in excess ends at once (it runs nothing)", async () => {
    const r = rig([group("w", numbered("w", 2, { startsecs: 5 }))]);
    r.sup.start();
    r.clock.advance(6000);
    // w_1 exits unexpectedly, is restarted by autorestart and dies at once: BACKOFF.
    r.spawner.children[1].exit(1);
    r.spawner.children.at(-1)!.exit(1);
    expect(states(r.sup)["w:w_1"]).toBe("BACKOFF");
    r.sup.updateNumprocs("w", 1, { lazy: true });
    await flush();
    expect(states(r.sup)).toEqual({ "w:w_0": "RUNNING" });
    r.clock.advance(60_000);
    expect(r.spawner.children).toHaveLength(3);
  });

  test("ST-DYN-04 a process already STOPPING is not signalled again, and goes once stopped", async () => {
    const r = rig([w(2)]);
    r.sup.start();
    r.sup.process("w:w_1").runner.stop();
    const kills = r.spawner.kills.length;
    expect(r.sup.updateNumprocs("w", 1).retired.map((e) => e.namespec)).toEqual(["w:w_1"]);
    expect(r.spawner.kills).toHaveLength(kills);
    r.spawner.children[1].exit(null, "SIGTERM");
    await flush();
    expect(states(r.sup)).toEqual({ "w:w_0": "RUNNING" });
  });

  test("ST-DYN-03 an increase while a retired process still runs keeps it", async () => {
    const r = rig([w(2)]);
    r.sup.start();
    r.sup.updateNumprocs("w", 1, { lazy: true });
    expect(r.sup.updateNumprocs("w", 2).added).toEqual(["w:w_1"]);
    expect(r.sup.process("w:w_1").obsolete).toBe(false);
    r.spawner.children[1].exit(1);
    await flush();
    // Not removed: it follows autorestart again.
    expect(r.sup.process("w:w_1").info(0).statename).toBe("RUNNING");
  });

  test("faults: BAD_NAME, INCORRECT_PARAMETERS, NOT_APPLICABLE, FAILED", () => {
    const expander = new TemplateExpander({}, new Set(["solo"]));
    const r = rig([w(1), group("solo", [processConfig({ name: "solo", programName: "solo" })])], { expander });
    expect(() => r.sup.updateNumprocs("nope", 2)).toThrow("BAD_NAME: program=nope unknown to Supvisors");
    expect(() => r.sup.updateNumprocs("w", 0)).toThrow("INCORRECT_PARAMETERS: program=w incorrect numprocs=0 - integer > 0 expected");
    expect(() => r.sup.updateNumprocs("solo", 2)).toThrow("NOT_APPLICABLE: numprocs not applicable to program=solo");
    expander.expand = () => {
      throw new Error("no such file");
    };
    expect(() => r.sup.updateNumprocs("w", 2)).toThrow("FAILED: program=w cannot be read again: no such file");
    // The same value changes nothing and reads nothing.
    expect(r.sup.updateNumprocs("w", 1)).toEqual({ added: [], removed: [], retired: [] });
  });
});

describe("XML-RPC supvisors.update_numprocs", () => {
  test("RPC-SV-32 an increase returns at once and getAllConfigInfo reflects the change", async () => {
    const r = rig([w(1)]);
    r.sup.start();
    expect(await r.call("supvisors.update_numprocs", "w", 3)).toBe(true);
    const names = ((await r.call("supervisor.getAllConfigInfo")) as { name: string }[]).map((c) => c.name);
    expect(names).toEqual(["w_0", "w_1", "w_2"]);
    expect(((await r.call("supervisor.getAllProcessInfo")) as { statename: string }[]).map((p) => p.statename)).toEqual(["RUNNING", "RUNNING", "RUNNING"]);
  });

  test("RPC-SV-32 a decrease with wait returns once the processes in excess are stopped and removed", async () => {
    const r = rig([w(3)]);
    r.sup.start();
    let done = false;
    const pending = r.call("supvisors.update_numprocs", "w", 1).then((v) => ((done = true), v));
    await flush();
    expect(done).toBe(false);
    r.spawner.children[1].exit(null, "SIGTERM");
    await flush();
    expect(done).toBe(false);
    r.spawner.children[2].exit(null, "SIGTERM");
    expect(await pending).toBe(true);
    const names = ((await r.call("supervisor.getAllConfigInfo")) as { name: string }[]).map((c) => c.name);
    expect(names).toEqual(["w_0"]);
  });

  test("RPC-SV-32 lazy and wait=false decreases return at once", async () => {
    const r = rig([w(3)]);
    r.sup.start();
    expect(await r.call("supvisors.update_numprocs", "w", 2, true, true)).toBe(true);
    expect(states(r.sup)["w:w_2"]).toBe("RUNNING");
    expect(await r.call("supvisors.update_numprocs", "w", 1, false)).toBe(true);
    expect(states(r.sup)["w:w_1"]).toBe("STOPPING");
  });

  test("RPC-SV-32 numprocs as Python's int() takes it; other values → INCORRECT_PARAMETERS", async () => {
    const r = rig([w(1)]);
    r.sup.start();
    expect(await r.call("supvisors.update_numprocs", "w", " 2 ")).toBe(true);
    expect(await r.call("supvisors.update_numprocs", "w", new Double(3.7))).toBe(true);
    expect(r.sup.programEntries("w")).toHaveLength(3);
    for (const [value, shown] of [["abc", "abc"], [0, "0"], [-1, "-1"], [new Double(0.5), "0.5"], [[1], "[1]"]] as const) {
      const fault = await faultOf(r.call("supvisors.update_numprocs", "w", value as never));
      expect(fault.faultString).toBe(`INCORRECT_PARAMETERS: program=w incorrect numprocs=${shown} - integer > 0 expected`);
    }
    // BAD_NAME comes before the numprocs check; the FSM state before both.
    expect((await faultOf(r.call("supvisors.update_numprocs", "x", 0))).code).toBe(Faults.BAD_NAME);
    r.fsm.state = "CONCILIATION";
    expect((await faultOf(r.call("supvisors.update_numprocs", "x", 0))).code).toBe(Faults.BAD_SUPVISORS_STATE);
  });
});
