// ST-DYN-01/02 on the LocalSupervisor and through XML-RPC: a disabled program is stopped, never
// spawned (autostart, autorestart, startProcess → DISABLED), persisted; enable lets autostart apply.
import { describe, expect, test } from "bun:test";
import { Faults } from "../../../src/api/faults.ts";
import { MemoryStore, faultOf, group, numbered, processConfig, rig, states } from "./helpers.ts";

const web = () => group("web", numbered("web", 2, { startsecs: 0 }));
const db = () => group("db", [processConfig({ name: "db", programName: "db", command: "/bin/sleep 1000", startsecs: 0 })]);

describe("disabilities at start", () => {
  test("CFG-SV-19 a program disabled in the store never autostarts; the store is saved with every program", () => {
    const store = new MemoryStore({ web: true, gone: false });
    const r = rig([web(), db()], { store });
    r.sup.start();
    expect(states(r.sup)).toEqual({ db: "RUNNING", "web:web_0": "STOPPED", "web:web_1": "STOPPED" });
    expect(r.spawner.children.map((c) => c.req.argv[0])).toEqual(["/bin/sleep"]);
    // Entries read are kept (even for unknown programs), every configured program gets one.
    expect(store.saves).toEqual([{ web: true, gone: false, db: false }]);
    expect(r.sup.isProgramDisabled("web")).toBe(true);
    expect(r.sup.isProgramDisabled("db")).toBe(false);
  });
});

describe("disableProgram / enableProgram", () => {
  test("ST-DYN-01 disable stops the running processes, then nothing respawns them; the flag is saved", () => {
    const store = new MemoryStore();
    const r = rig([web(), db()], { store });
    r.sup.start();
    const stopping = r.sup.disableProgram("web");
    expect(stopping.map((e) => e.namespec)).toEqual(["web:web_0", "web:web_1"]);
    expect(store.last).toEqual({ web: true, db: false });
    for (const child of r.spawner.children.slice(1)) child.exit(null, "SIGTERM");
    expect(states(r.sup)).toEqual({ db: "RUNNING", "web:web_0": "STOPPED", "web:web_1": "STOPPED" });
    r.clock.advance(60_000);
    expect(r.spawner.children).toHaveLength(3);
    expect(r.sup.entries().filter((e) => e.disabled).map((e) => e.namespec)).toEqual(["web:web_0", "web:web_1"]);
  });

  test("ST-DYN-01 the hold suppresses autorestart: a held process that exits stays EXITED", () => {
    const r = rig([group("crash", [processConfig({ name: "crash", programName: "crash", startsecs: 0, autorestart: "true" })])]);
    r.sup.start();
    r.sup.process("crash").setDisabled(true);
    r.spawner.last.exit(3);
    r.clock.advance(10_000);
    expect(r.spawner.children).toHaveLength(1);
    expect(states(r.sup)).toEqual({ crash: "EXITED" });
    // Lifting the hold lets autorestart apply at once.
    r.sup.process("crash").setDisabled(false);
    expect(r.spawner.children).toHaveLength(2);
  });

  test("ST-DYN-01 a process in BACKOFF is stopped at once and not retried", () => {
    const r = rig([group("flaky", [processConfig({ name: "flaky", programName: "flaky", startsecs: 5 })])]);
    r.sup.start();
    r.spawner.last.exit(1);
    expect(states(r.sup)).toEqual({ flaky: "BACKOFF" });
    expect(r.sup.disableProgram("flaky").map((e) => e.name)).toEqual(["flaky"]);
    expect(states(r.sup)).toEqual({ flaky: "STOPPED" });
    r.clock.advance(60_000);
    expect(r.spawner.children).toHaveLength(1);
  });

  test("ST-DYN-02 enable starts the STOPPED autostart processes again and saves the flag", () => {
    const store = new MemoryStore({ web: true });
    const r = rig([web()], { store });
    r.sup.start();
    expect(r.spawner.children).toHaveLength(0);
    r.sup.enableProgram("web");
    expect(store.last).toEqual({ web: false });
    expect(states(r.sup)).toEqual({ "web:web_0": "RUNNING", "web:web_1": "RUNNING" });
    expect(r.sup.isProgramDisabled("web")).toBe(false);
  });

  test("ST-DYN-02 enable after a disable restarts processes that had been started (laststart reset)", () => {
    const r = rig([web()]);
    r.sup.start();
    r.sup.disableProgram("web");
    for (const child of [...r.spawner.children]) child.exit(null, "SIGTERM");
    r.sup.enableProgram("web");
    expect(r.spawner.children).toHaveLength(4);
    expect(states(r.sup)).toEqual({ "web:web_0": "RUNNING", "web:web_1": "RUNNING" });
  });

  test("ST-DYN-02 enable leaves an autostart=false process stopped", () => {
    const manual = group("manual", [processConfig({ name: "manual", programName: "manual", autostart: false })]);
    const r = rig([manual], { store: new MemoryStore({ manual: true }) });
    r.sup.start();
    r.sup.enableProgram("manual");
    expect(r.spawner.children).toHaveLength(0);
    expect(states(r.sup)).toEqual({ manual: "STOPPED" });
  });

  test("disable and enable tell the group listeners (the cluster reads the list again)", () => {
    const r = rig([web()]);
    let calls = 0;
    r.sup.onGroupsChanged(() => calls++);
    r.sup.disableProgram("web");
    r.sup.enableProgram("web");
    expect(calls).toBe(2);
    expect(r.logs.filter((l) => l.includes("program web"))).toEqual(["info program web disabled", "info program web enabled"]);
  });

  test("an unknown program → BAD_NAME with Supvisors' text", () => {
    const r = rig([web()]);
    for (const act of [() => r.sup.disableProgram("nope"), () => r.sup.enableProgram("nope")]) {
      expect(act).toThrow("BAD_NAME: program=nope unknown to Supvisors");
    }
  });

  test("a group added later gets its program's flag and an entry in the store", () => {
    const store = new MemoryStore({ db: true });
    const r = rig([web()], { store });
    r.sup.setConfigured([web(), db()]);
    r.sup.addGroup("db");
    expect(r.sup.process("db").disabled).toBe(true);
    expect(r.spawner.children.filter((c) => c.req.argv.includes("1000"))).toHaveLength(0);
    expect(store.last).toEqual({ db: true, web: false });
  });
});

describe("supervisor.startProcess of a disabled process", () => {
  test("RPC-SUP-13 DISABLED (103) with the name as written, before any other check", async () => {
    const r = rig([web(), group("bad", [processConfig({ name: "bad", programName: "bad", command: "/nonexistent/x" })])]);
    r.sup.disableProgram("web");
    r.sup.disableProgram("bad");
    const fault = await faultOf(r.call("supervisor.startProcess", "web:web_0"));
    expect([fault.code, fault.faultString]).toEqual([Faults.DISABLED, "DISABLED: web:web_0"]);
    // DISABLED comes before NO_FILE.
    expect((await faultOf(r.call("supervisor.startProcess", "bad"))).faultString).toBe("DISABLED: bad");
    expect(r.spawner.children).toHaveLength(0);
  });

  test("RPC-SUP-13 a group start reports DISABLED for each disabled process", async () => {
    const r = rig([web()]);
    r.sup.disableProgram("web");
    expect(await r.call("supervisor.startProcessGroup", "web")).toEqual([
      { name: "web_0", group: "web", status: Faults.DISABLED, description: "DISABLED: web:web_0" },
      { name: "web_1", group: "web", status: Faults.DISABLED, description: "DISABLED: web:web_1" },
    ]);
  });
});

describe("XML-RPC supvisors.disable / enable", () => {
  test("RPC-SV-34 disable with wait returns once the processes are stopped", async () => {
    const r = rig([web()]);
    r.sup.start();
    let done = false;
    const pending = r.call("supvisors.disable", "web").then((v) => ((done = true), v));
    await Promise.resolve();
    expect(done).toBe(false);
    for (const child of [...r.spawner.children]) child.exit(null, "SIGTERM");
    expect(await pending).toBe(true);
    expect(states(r.sup)).toEqual({ "web:web_0": "STOPPED", "web:web_1": "STOPPED" });
  });

  test("RPC-SV-34 disable without wait returns at once; a failed stop with wait → STILL_RUNNING", async () => {
    const r = rig([web()]);
    r.sup.start();
    expect(await r.call("supvisors.disable", "web", false)).toBe(true);
    expect(states(r.sup)).toEqual({ "web:web_0": "STOPPING", "web:web_1": "STOPPING" });

    const r2 = rig([web()]);
    r2.sup.start();
    r2.spawner.killError = "EPERM";
    const fault = await faultOf(r2.call("supvisors.disable", "web"));
    expect(fault.faultString).toBe("STILL_RUNNING: processes=['web:web_0', 'web:web_1']");
  });

  test("RPC-SV-33/34 outside OPERATION → BAD_SUPVISORS_STATE; unknown program → BAD_NAME", async () => {
    const r = rig([web()]);
    r.fsm.state = "DISTRIBUTION";
    for (const method of ["supvisors.enable", "supvisors.disable"]) {
      const fault = await faultOf(r.call(method, "web"));
      expect(fault.faultString).toBe("BAD_SUPVISORS_STATE: invalid Supvisors state=DISTRIBUTION - state expected in ['OPERATION']");
    }
    r.fsm.state = "OPERATION";
    expect((await faultOf(r.call("supvisors.enable", "x"))).faultString).toBe("BAD_NAME: program=x unknown to Supvisors");
    expect(r.sup.isProgramDisabled("web")).toBe(false);
  });

  test("RPC-SV-33 enable returns true and the local struct shows disabled=false again", async () => {
    const r = rig([web()], { store: new MemoryStore({ web: true }) });
    const before = (await r.call("supvisors.get_local_process_info", "web:web_0")) as { disabled: boolean };
    expect(before.disabled).toBe(true);
    expect(await r.call("supvisors.enable", "web")).toBe(true);
    const after = (await r.call("supvisors.get_local_process_info", "web:web_0")) as { disabled: boolean };
    expect(after.disabled).toBe(false);
  });
});
