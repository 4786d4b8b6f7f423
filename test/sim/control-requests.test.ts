// Whole-cluster scenarios of user requests on the control layer: the LOCAL strategy (ST-STR-06),
// restarts (ST-SEQ-08) with extra args (ST-PS-08), start_any_process (RPC-SV-29), the stop
// sequence of stop_application (ST-SEQ-06) and restart_sequence (ST-SEQ-10).
import { describe, expect, test } from "bun:test";
import type { ControlReply, ControlRequest } from "../../src/control/engine/index.ts";
import { ProcessStates } from "../../src/process/states.ts";
import { type ControlSim, controlCluster, rulesOf } from "./control-sim.ts";
import type { SimProgram } from "./sim-supervisor.ts";

const NICKS = ["a", "b", "c"];

const inOperation = (cs: ControlSim) => () => NICKS.every((n) => cs.sim.fsm(n) === "OPERATION");

/** Sends a request and runs the cluster until it is answered. */
function ask(cs: ControlSim, nick: string, request: ControlRequest, within = 10): ControlReply {
  const id = cs.request(nick, request);
  cs.waitFor(() => cs.reply(id) !== undefined, cs.now + within, `reply to ${request.kind}`);
  return cs.reply(id)!;
}

describe("ST-STR-06 LOCAL", () => {
  const rules = rulesOf(`
  <application name="web">
    <programs>
      <program name="front"/>
      <program name="back"/>
      <program name="pinned"><identifiers>a</identifiers></program>
    </programs>
  </application>`);
  const programs: SimProgram[] = ["front", "back", "pinned"].map((name) => ({ group: "web", name, startsecs: 0.1 }));

  test("a slave's start_process with LOCAL starts on that slave; not a candidate there → no resource", () => {
    const cs = controlCluster(NICKS, rules, programs);
    cs.waitFor(inOperation(cs), 20, "OPERATION");
    expect(ask(cs, "b", { kind: "startProcess", strategy: "LOCAL", namespec: "web:front", extraArgs: "", wait: true })).toEqual({ ok: true, value: true });
    expect(ask(cs, "c", { kind: "startProcess", strategy: "LOCAL", namespec: "web:back", extraArgs: "", wait: true })).toEqual({ ok: true, value: true });
    expect([cs.runningOn("a", "web:front"), cs.runningOn("a", "web:back")]).toEqual([["b"], ["c"]]);
    expect(cs.starts.map((s) => `${s.namespec}:${s.by}>${s.on}`)).toEqual(["web:front:b>b", "web:back:c>c"]);
    const refused = ask(cs, "c", { kind: "startProcess", strategy: "LOCAL", namespec: "web:pinned", extraArgs: "", wait: true });
    expect(refused).toEqual({ ok: false, fault: "ABNORMAL_TERMINATION", detail: "failed to start web:pinned" });
    expect(cs.status("c", "web:pinned")!.forcedReason).toBe("No resource available");
    expect(cs.violations).toEqual([]);
  });
});

describe("ST-SEQ-08 restarts", () => {
  const rules = rulesOf(`
  <application name="store">
    <start_sequence>1</start_sequence>
    <programs>
      <program name="s1"><start_sequence>1</start_sequence><identifiers>b</identifiers></program>
      <program name="s2"><start_sequence>2</start_sequence><identifiers>c</identifiers></program>
    </programs>
  </application>`);
  const programs: SimProgram[] = [
    { group: "store", name: "s1", startsecs: 0.2, stopDelay: 0.3 },
    { group: "store", name: "s2", startsecs: 0.2, stopDelay: 0.3 },
  ];
  const running = (cs: ControlSim, from = "a") => () => ["store:s1", "store:s2"].every((ns) => cs.status(from, ns)?.state === "RUNNING");

  test("restart_application: every process stopped, then the start sequence again", () => {
    const cs = controlCluster(NICKS, rules, programs);
    cs.waitFor(() => running(cs)() && inOperation(cs)(), 20, "store RUNNING");
    const t = cs.now;
    expect(ask(cs, "c", { kind: "restartApplication", strategy: "CONFIG", application: "store", wait: true })).toEqual({ ok: true, value: true });
    // The node that ran the request answers once it sees the application RUNNING again.
    expect(running(cs, "c")()).toBe(true);
    const stops = cs.stops.filter((s) => s.at >= t);
    const starts = cs.starts.filter((s) => s.at >= t);
    expect(stops.map((s) => s.namespec).sort()).toEqual(["store:s1", "store:s2"]);
    expect(starts.map((s) => s.namespec)).toEqual(["store:s1", "store:s2"]);
    // Started only once both are stopped (0.3 s each).
    expect(starts[0]!.at - Math.max(...stops.map((s) => s.at))).toBeGreaterThanOrEqual(0.3);
    expect(cs.violations).toEqual([]);
  });

  test("restart_process with extra args: stopped, started again with them, shown everywhere", () => {
    const cs = controlCluster(NICKS, rules, programs);
    cs.waitFor(() => running(cs)() && inOperation(cs)(), 20, "store RUNNING");
    const t = cs.now;
    const reply = ask(cs, "b", { kind: "restartProcess", strategy: "CONFIG", namespec: "store:s2", extraArgs: "-v --fast", wait: true });
    expect(reply).toEqual({ ok: true, value: true });
    expect(cs.stops.filter((s) => s.at >= t).map((s) => `${s.namespec}@${s.on}`)).toEqual(["store:s2@c"]);
    expect(cs.starts.filter((s) => s.at >= t).map((s) => `${s.namespec}@${s.on} ${s.extraArgs}`)).toEqual(["store:s2@c -v --fast"]);
    expect(cs.supervisor("c").info("store:s2").extra_args).toBe("-v --fast");
    cs.sim.runUntil(cs.now + 0.5);
    for (const nick of NICKS) expect(cs.status(nick, "store:s2")!.extraArgs).toBe("-v --fast");
    expect(cs.starts.filter((s) => s.namespec === "store:s1").length).toBe(1);
    expect(cs.violations).toEqual([]);
  });
});

describe("RPC-SV-29 start_any_process", () => {
  const rules = rulesOf(`
  <application name="pool">
    <programs>
      <program pattern="w_"/>
      <program name="other"/>
    </programs>
  </application>`);
  const programs: SimProgram[] = [
    ...[0, 1, 2].map((i) => ({ group: "pool", name: `w_${i}`, startsecs: 0.1 })),
    { group: "pool", name: "other", startsecs: 0.1 },
  ];

  test("the first stopped match is started and named in the reply, until none is left", () => {
    const cs = controlCluster(NICKS, rules, programs);
    cs.waitFor(inOperation(cs), 20, "OPERATION");
    expect(ask(cs, "a", { kind: "startProcess", strategy: "CONFIG", namespec: "pool:w_0", extraArgs: "", wait: true })).toEqual({ ok: true, value: true });
    const any = (): ControlReply => ask(cs, "b", { kind: "startAnyProcess", strategy: "LESS_LOADED", regex: "w_", extraArgs: "-x", wait: true });
    expect(any()).toEqual({ ok: true, value: "pool:w_1" });
    expect(any()).toEqual({ ok: true, value: "pool:w_2" });
    expect(any()).toEqual({ ok: false, fault: "FAILED", detail: 'no candidate process matching "w_"' });
    expect(cs.starts.filter((s) => s.namespec !== "pool:w_0").map((s) => `${s.namespec} ${s.extraArgs}`)).toEqual(["pool:w_1 -x", "pool:w_2 -x"]);
    expect(cs.status("a", "pool:other")!.state).toBe("STOPPED");
    expect(cs.violations).toEqual([]);
  });
});

describe("ST-SEQ-06 stop_application", () => {
  const rules = rulesOf(`
  <application name="tiers">
    <start_sequence>1</start_sequence>
    <programs>
      <program name="db"><start_sequence>1</start_sequence><stop_sequence>1</stop_sequence><identifiers>a</identifiers></program>
      <program name="api"><start_sequence>2</start_sequence><stop_sequence>2</stop_sequence><identifiers>b</identifiers></program>
      <program name="web"><start_sequence>3</start_sequence><stop_sequence>3</stop_sequence><identifiers>c</identifiers></program>
      <program name="cron"><start_sequence>3</start_sequence><stop_sequence>3</stop_sequence><identifiers>a</identifiers></program>
    </programs>
  </application>`);
  const programs: SimProgram[] = ["db", "api", "web", "cron"].map((name) => ({ group: "tiers", name, startsecs: 0.1, stopDelay: 0.4 }));

  test("the stop sequence runs highest first, each group once the previous one is STOPPED", () => {
    const cs = controlCluster(NICKS, rules, programs);
    cs.waitFor(() => cs.status("a", "tiers:web")?.state === "RUNNING" && inOperation(cs)(), 20, "tiers RUNNING");
    expect(ask(cs, "b", { kind: "stopApplication", application: "tiers", wait: true })).toEqual({ ok: true, value: true });
    const order = cs.stops.map((s) => s.namespec);
    expect(order.slice(0, 2).sort()).toEqual(["tiers:cron", "tiers:web"]);
    expect(order.slice(2)).toEqual(["tiers:api", "tiers:db"]);
    const at = (ns: string) => cs.stops.find((s) => s.namespec === ns)!.at;
    expect(at("tiers:api") - at("tiers:web")).toBeGreaterThanOrEqual(0.4);
    expect(at("tiers:db") - at("tiers:api")).toBeGreaterThanOrEqual(0.4);
    const where = { db: "a", api: "b", web: "c", cron: "a" };
    for (const [name, nick] of Object.entries(where)) expect(cs.supervisor(nick).state(`tiers:${name}`)).toBe(ProcessStates.STOPPED);
    expect(cs.violations).toEqual([]);
  });
});

describe("ST-SEQ-10 restart_sequence", () => {
  const rules = rulesOf(`
  <application name="healthy">
    <start_sequence>1</start_sequence>
    <programs><program name="h"><start_sequence>1</start_sequence><identifiers>a</identifiers></program></programs>
  </application>
  <application name="hog">
    <start_sequence>1</start_sequence>
    <programs><program name="big"><start_sequence>1</start_sequence><identifiers>c</identifiers><expected_loading>50</expected_loading></program></programs>
  </application>
  <application name="broken">
    <start_sequence>1</start_sequence>
    <programs>
      <program name="b1"><start_sequence>1</start_sequence><identifiers>b</identifiers></program>
      <program name="b2"><start_sequence>2</start_sequence><identifiers>b</identifiers></program>
    </programs>
  </application>
  <application name="late">
    <start_sequence>2</start_sequence>
    <programs><program name="l"><start_sequence>1</start_sequence><identifiers>c</identifiers><expected_loading>60</expected_loading></program></programs>
  </application>`);
  const programs: SimProgram[] = [
    { group: "healthy", name: "h", startsecs: 0.1 },
    { group: "hog", name: "big", startsecs: 0.1 },
    { group: "broken", name: "b1", startsecs: 0.1 },
    { group: "broken", name: "b2", startsecs: 0.1 },
    { group: "late", name: "l", startsecs: 0.1 },
  ];

  test("only applications never started or in failure are started again", () => {
    const cs = controlCluster(NICKS, rules, programs);
    cs.waitFor(() => cs.status("a", "broken:b2")?.state === "RUNNING" && inOperation(cs)(), 20, "distribution done");
    // late found no room next to hog on c (50 + 60 > 100): never started.
    expect(cs.status("a", "late:l")!.forcedReason).toBe("No resource available");
    // hog stopped by the user (no failure), then broken:b1 crashes (CONTINUE: left as it is).
    expect(ask(cs, "a", { kind: "stopApplication", application: "hog", wait: true })).toEqual({ ok: true, value: true });
    cs.crash("b", "broken:b1");
    cs.waitFor(() => cs.status("a", "broken:b1")?.state === "EXITED", cs.now + 2, "crash seen");
    const t = cs.now;
    expect(ask(cs, "b", { kind: "restartSequence", wait: true })).toEqual({ ok: true, value: true });
    expect(cs.starts.filter((s) => s.at >= t).map((s) => `${s.namespec}@${s.on}`)).toEqual(["broken:b1@b", "late:l@c"]);
    // b answered from its own view; a hears of c's process one hop later.
    const running = ["healthy:h", "broken:b1", "broken:b2", "late:l"];
    cs.waitFor(() => running.every((ns) => cs.status("a", ns)?.state === "RUNNING"), cs.now + 1, "RUNNING seen by a");
    expect(cs.status("a", "hog:big")!.state).toBe("STOPPED");
    expect(cs.violations).toEqual([]);
  });
});
