// ST-DYN-06 and RPC-SV-26/18/19: extra arguments on the next start, supvisors.start_args with its
// faults (a missing command leaves the process FATAL), and the local process structs.
import { describe, expect, test } from "bun:test";
import { Faults } from "../../../src/api/faults.ts";
import { Double } from "../../../src/api/xmlrpc/value.ts";
import { MemoryStore, faultOf, group, numbered, processConfig, rig, states } from "./helpers.ts";

const sleeper = () => group("sleeper", [processConfig({ name: "sleeper", programName: "sleeper", command: "/bin/sleep 1000", startsecs: 0, autostart: false })]);

describe("extra args", () => {
  test("ST-DYN-06 the next start runs the command, a space and the extra args; '' resets", () => {
    const r = rig([sleeper()]);
    const entry = r.sup.setExtraArgs("sleeper", "-x 'a b'");
    expect(entry.command).toBe("/bin/sleep 1000 -x 'a b'");
    entry.runner.start();
    expect(r.spawner.last.req.argv).toEqual(["/bin/sleep", "1000", "-x", "a b"]);
    r.spawner.last.exit(0);
    r.sup.setExtraArgs("sleeper", "");
    entry.runner.start();
    expect(r.spawner.last.req.argv).toEqual(["/bin/sleep", "1000"]);
    // The configuration the API reports is left as written.
    expect(entry.config.command).toBe("/bin/sleep 1000");
  });
});

describe("supvisors.start_args", () => {
  test("RPC-SV-26 starts with the extra args, waits for RUNNING and shows them in the local struct", async () => {
    const r = rig([group("slow", [processConfig({ name: "slow", programName: "slow", command: "/bin/sleep 5", startsecs: 1, autostart: false })])]);
    let done = false;
    const pending = r.call("supvisors.start_args", "slow", "--fast").then((v) => ((done = true), v));
    await Promise.resolve();
    expect(done).toBe(false);
    expect(r.spawner.last.req.argv).toEqual(["/bin/sleep", "5", "--fast"]);
    r.clock.advance(1001);
    expect(await pending).toBe(true);
    const info = (await r.call("supvisors.get_local_process_info", "slow")) as Record<string, unknown>;
    expect(info.extra_args).toBe("--fast");
    expect(info.statename).toBe("RUNNING");
  });

  test("RPC-SV-26 wait=false returns at once; ALREADY_STARTED and DISABLED as startProcess gives them", async () => {
    const r = rig([sleeper(), group("off", [processConfig({ name: "off", programName: "off" })])], { store: new MemoryStore({ off: true }) });
    expect(await r.call("supvisors.start_args", "sleeper", "", false)).toBe(true);
    expect((await faultOf(r.call("supvisors.start_args", "sleeper", "-v"))).faultString).toBe("ALREADY_STARTED: sleeper");
    expect((await faultOf(r.call("supvisors.start_args", "off", "-v"))).faultString).toBe("DISABLED: off");
    // The extra args were recorded all the same, as Supvisors does before starting.
    expect(r.sup.process("off").extraArgs).toBe("-v");
  });

  test("RPC-SV-26 BAD_NAME for an unknown group, process or a group namespec", async () => {
    const r = rig([sleeper()]);
    expect((await faultOf(r.call("supvisors.start_args", "nope", ""))).faultString).toBe("BAD_NAME: application=nope unknown to Supvisors");
    expect((await faultOf(r.call("supvisors.start_args", "sleeper:x", ""))).faultString).toBe("BAD_NAME: process=x unknown in application=sleeper");
    expect((await faultOf(r.call("supvisors.start_args", "sleeper:*", ""))).code).toBe(Faults.BAD_NAME);
    // extra_args has no default (RPC-SV-26).
    expect((await faultOf(r.call("supvisors.start_args", "sleeper"))).code).toBe(Faults.INCORRECT_PARAMETERS);
  });

  test("RPC-SV-26 NO_FILE leaves the process FATAL with the reason as spawnerr", async () => {
    const r = rig([group("ghost", [processConfig({ name: "ghost", programName: "ghost", command: "/nonexistent/ghost", autostart: false })])]);
    const fault = await faultOf(r.call("supvisors.start_args", "ghost", "-v"));
    expect(fault.code).toBe(Faults.NO_FILE);
    const info = (await r.call("supervisor.getProcessInfo", "ghost")) as { statename: string; spawnerr: string };
    expect(info.statename).toBe("FATAL");
    expect(info.spawnerr).toBe(fault.detail);
    expect(r.spawner.children).toHaveLength(0);
  });

  test("start_args works in any FSM state", async () => {
    const r = rig([sleeper()]);
    r.fsm.state = "SYNCHRONIZATION";
    expect(await r.call("supvisors.start_args", "sleeper", "", false)).toBe(true);
  });
});

describe("local process structs", () => {
  test("RPC-SV-18 keys, types, process_index and a BAD_NAME for a group namespec", async () => {
    const r = rig([group("w", numbered("w", 2, { startsecs: 0 }), 10)]);
    r.sup.start();
    const info = (await r.call("supvisors.get_local_process_info", "w:w_1")) as Record<string, unknown>;
    expect(Object.keys(info)).toEqual([
      "name", "group", "state", "statename", "start", "stop", "now", "pid", "description", "spawnerr", "expected",
      "start_monotonic", "stop_monotonic", "now_monotonic", "extra_args", "startsecs", "stopwaitsecs", "process_index",
      "program_name", "disabled", "has_stdout", "has_stderr",
    ]);
    expect(info).toMatchObject({ name: "w_1", group: "w", statename: "RUNNING", expected: true, process_index: 1, program_name: "w", disabled: false, extra_args: "" });
    for (const key of ["start_monotonic", "stop_monotonic", "now_monotonic"]) expect(info[key]).toBeInstanceOf(Double);
    expect((await faultOf(r.call("supvisors.get_local_process_info", "w:*"))).faultString).toBe("BAD_NAME: w:*");
  });

  test("RPC-SV-19 every local process in getAllProcessInfo order; expected follows spawnerr", async () => {
    const b = processConfig({ name: "b", programName: "b", startsecs: 0, autorestart: "false" });
    const r = rig([group("b", [b]), group("a", numbered("a", 2, { startsecs: 0 }), 1)]);
    r.sup.start();
    // Started by priority: a_0, a_1, then b, which exits with an unexpected code ("Bad exit code 3").
    r.spawner.children[2].exit(3);
    const all = (await r.call("supvisors.get_all_local_process_info")) as { group: string; name: string; expected: boolean; statename: string }[];
    expect(all.map((i) => [i.group, i.name, i.statename, i.expected])).toEqual([
      ["a", "a_0", "RUNNING", true],
      ["a", "a_1", "RUNNING", true],
      ["b", "b", "EXITED", false],
    ]);
  });

  test("RPC-SV-18 start_monotonic is the monotonic time of the spawn, not rounded to the wall second", async () => {
    const r = rig([sleeper()]);
    r.clock.advance(1234);
    const atStart = r.clock.now() / 1000 - 1_699_999_000;
    r.sup.process("sleeper").runner.start();
    r.clock.advance(2500);
    const info = (await r.call("supvisors.get_local_process_info", "sleeper")) as Record<string, Double>;
    expect(info.start_monotonic.value).toBeCloseTo(atStart, 6);
    expect(info.now_monotonic.value - info.start_monotonic.value).toBeCloseTo(2.5, 6);
    expect(info.stop_monotonic.value).toBe(0);
  });

  test("disabled and extra_args in the struct follow the process", async () => {
    const r = rig([sleeper()]);
    r.sup.setExtraArgs("sleeper", "-q");
    r.sup.disableProgram("sleeper");
    const [info] = (await r.call("supvisors.get_all_local_process_info")) as { disabled: boolean; extra_args: string }[];
    expect([info.disabled, info.extra_args]).toEqual([true, "-q"]);
    expect(states(r.sup)).toEqual({ sleeper: "STOPPED" });
  });
});
