// The evaluation of the global FSM (`next` of each state, ST-FSM-00..15): instance bookkeeping
// first (invalidation, activation), then stability, then the consistency checks that apply from
// each state on, then what the state itself waits for. Returns the state asked for, if any.
import type { Draft } from "./draft.ts";
import { acceptMaster, isLocalMaster, masterAgreed, selectMaster, stableRunningSet } from "./election.ts";
import { checkFailures, strategyTarget } from "./failure-strategy.ts";
import { activateChecked, invalidateFailed, masterFsmState } from "./invalidation.ts";
import { setDegraded } from "./publication.ts";
import type { SynchroOption } from "./options.ts";
import type { FsmState } from "./states.ts";
import { CORE_UPTIME_MIN } from "./options.ts";
import { aloneByConfiguration, checkSynchro, degradedBySynchro } from "./synchro.ts";

const AFTER_SYNC: readonly FsmState[] = ["ELECTION", "DISTRIBUTION", "OPERATION", "CONCILIATION", "RESTARTING", "SHUTTING_DOWN"];
const MASTER_SLAVE: readonly FsmState[] = ["DISTRIBUTION", "OPERATION", "CONCILIATION", "RESTARTING", "SHUTTING_DOWN"];
const ENDING: readonly FsmState[] = ["RESTARTING", "SHUTTING_DOWN"];
/** A slave in ELECTION follows a Master already past it (it may have missed DISTRIBUTION). */
const MASTER_PAST_ELECTION: readonly FsmState[] = ["DISTRIBUTION", "OPERATION", "CONCILIATION"];

/** Logs each change of an option's status once, not on every evaluation. */
function reportAlerts(d: Draft, failing: Partial<Record<SynchroOption, boolean>>): void {
  for (const [option, failed] of Object.entries(failing) as [SynchroOption, boolean][]) {
    if ((d.state.alerts[option] ?? false) === failed) continue;
    d.state.alerts = { ...d.state.alerts, [option]: failed };
    d.log(failed ? "warn" : "info", `synchro option ${option} ${failed ? "not satisfied" : "satisfied"}`);
  }
}

/** ST-IN-14 / ST-FSM-15: which states activate CHECKED instances, and what that asks for. */
function checkInstances(d: Draft, state: FsmState): FsmState | undefined {
  d.lostThisEvaluation = invalidateFailed(d);
  if (state === "DISTRIBUTION") return undefined; // new instances wait for the end of the distribution
  const activated = activateChecked(d);
  if ((state === "OPERATION" || state === "CONCILIATION") && activated.length > 0) {
    d.log("info", `ELECTION required because of new instances ${activated.join(", ")}`);
    return "ELECTION";
  }
  return undefined;
}

function consistency(d: Draft, state: FsmState): FsmState | undefined {
  const localRunning = d.local.state === "RUNNING";
  if (state === "OFF") {
    if (localRunning) return "SYNCHRONIZATION";
    if (!d.state.offAlerted && d.now - d.state.startDate >= CORE_UPTIME_MIN) {
      d.state.offAlerted = true;
      d.log("critical", `local instance ${d.localId} still not RUNNING after ${Math.trunc(d.now - d.state.startDate)} seconds`);
    }
    return undefined;
  }
  if (state === "FINAL") return undefined;
  let asked: FsmState | undefined;
  if (!localRunning) {
    d.log("critical", "the local instance is not RUNNING");
    asked = "OFF";
  } else if (AFTER_SYNC.includes(state)) {
    const check = checkFailures(d.state, d.lostThisEvaluation);
    reportAlerts(d, check.failures);
    setDegraded(d, check.degraded);
    if (check.failed) asked = strategyTarget(d.state.failureStrategy);
    if (asked === undefined && MASTER_SLAVE.includes(state) && !masterAgreed(d.state)) {
      d.log("debug", "Master not agreed by every RUNNING instance");
      asked = "ELECTION";
    }
  }
  // ST-FSM-06/07: nothing leads back from an ending state, only forward to FINAL.
  if (asked !== undefined && ENDING.includes(state)) return "FINAL";
  return asked;
}

function synchronization(d: Draft): FsmState | undefined {
  if (d.state.options.synchroOptions.includes("USER")) acceptMaster(d);
  const uptime = d.now - d.state.startDate;
  const checks = checkSynchro(d.state, uptime);
  reportAlerts(d, Object.fromEntries(checks.map((c) => [c.option, !c.satisfied])));
  setDegraded(d, degradedBySynchro(checks));
  if (aloneByConfiguration(d.state)) {
    d.state.waitingFor = [];
    return "ELECTION";
  }
  d.state.waitingFor = checks.filter((c) => !c.satisfied).map((c) => c.waitingFor);
  return checks.some((c) => c.satisfied) ? "ELECTION" : undefined;
}

function election(d: Draft): FsmState | undefined {
  if (d.state.stable.length === 0) {
    d.log("debug", "waiting for the cluster context to stabilize");
    return undefined;
  }
  if (masterAgreed(d.state)) {
    if (isLocalMaster(d.state)) return "DISTRIBUTION";
    const masterState = masterFsmState(d);
    if (masterState !== undefined && MASTER_PAST_ELECTION.includes(masterState)) return "DISTRIBUTION";
  }
  selectMaster(d);
  // Alone in the stable set, our own choice is already everyone's: no need to wait a tick.
  return masterAgreed(d.state) && isLocalMaster(d.state) ? "DISTRIBUTION" : undefined;
}

/** ST-FSM-14: a slave goes wherever its Master is (nowhere while that is unknown). */
function slaveNext(d: Draft): FsmState | undefined {
  return masterFsmState(d);
}

function ending(d: Draft, self: FsmState): FsmState | undefined {
  if (isLocalMaster(d.state)) return d.state.control.stoppingJobs || d.state.pendingJobs.stop ? undefined : "FINAL";
  const masterState = masterFsmState(d);
  if (masterState === self) return undefined;
  if (masterState === undefined) d.log("warn", `${self}: Master lost`);
  else if (masterState !== "FINAL") d.log("error", `${self}: unexpected Master state ${masterState}`);
  return "FINAL";
}

function specific(d: Draft, state: FsmState): FsmState | undefined {
  const { conflicting } = d.state.control;
  const startingJobs = d.state.control.startingJobs || d.state.pendingJobs.start;
  const stoppingJobs = d.state.control.stoppingJobs || d.state.pendingJobs.stop;
  switch (state) {
    case "SYNCHRONIZATION":
      return synchronization(d);
    case "ELECTION":
      return election(d);
    case "DISTRIBUTION":
      if (!isLocalMaster(d.state)) return slaveNext(d);
      return startingJobs ? undefined : "OPERATION";
    case "OPERATION":
      if (!isLocalMaster(d.state)) return slaveNext(d);
      if (startingJobs || stoppingJobs) return undefined;
      return conflicting ? "CONCILIATION" : undefined;
    case "CONCILIATION":
      if (!isLocalMaster(d.state)) return slaveNext(d);
      if (startingJobs || stoppingJobs) return undefined;
      if (!conflicting) return "OPERATION";
      // Once per step: entering CONCILIATION has just asked for it when the chain lands here.
      if (!d.effects.some((e) => e.type === "jobs" && e.command === "conciliate")) d.jobs("conciliate");
      return undefined;
    case "RESTARTING":
    case "SHUTTING_DOWN":
      return ending(d, state);
    case "OFF":
    case "FINAL":
      return undefined;
  }
}

/** One evaluation of the current state (ST-FSM-11 chains them). */
export function evaluate(d: Draft): FsmState | undefined {
  const state = d.state.fsm;
  const fromInstances = checkInstances(d, state);
  if (fromInstances !== undefined) return fromInstances;
  d.state.stable = stableRunningSet(d.state);
  return consistency(d, state) ?? specific(d, state);
}
