// What happens to an instance that is lost or fenced (ST-IN-16/17): STOPPED or ISOLATED, its
// running processes marked FATAL there, the processes left running nowhere reported as lost.
import { ProcessStates } from "../process/states.ts";
import type { Draft } from "./draft.ts";
import { setInstanceState } from "./instance-state.ts";
import { processEventBody, isRunningProcess, viewOf } from "./serial.ts";
import { WORKING_STATES } from "./states.ts";

/** The Master's FSM state as the local node knows it (the local one when it is the Master). */
export function masterFsmState(d: Draft) {
  if (d.state.master === "") return undefined;
  return viewOf(d.state, d.state.master)?.fsm;
}

/**
 * ST-IN-16: FAILED (or CHECKING, when fenced) → ISOLATED or STOPPED. `fence` = the peer refused
 * us or disagrees on strategies; otherwise isolation needs auto_fence and a working Master.
 */
export function invalidate(d: Draft, identifier: string, fence: boolean, why: string): void {
  if (identifier === d.localId) {
    d.log("critical", "local instance is not operational");
    setInstanceState(d, identifier, "STOPPED", why);
    return;
  }
  const masterState = masterFsmState(d);
  const isolate = fence || (d.state.options.autoFence && masterState !== undefined && WORKING_STATES.includes(masterState));
  const lost = markProcessesLost(d, identifier);
  if (isolate) {
    if (setInstanceState(d, identifier, "ISOLATED", why)) d.emit({ type: "forget", identifier });
  } else {
    setInstanceState(d, identifier, "STOPPED", why);
  }
  d.publish({ topic: "instanceLost", identifier, isolated: isolate, lostProcesses: lost });
}

/**
 * ST-IN-17: processes running on the lost instance become FATAL there ("Supervisor <id> lost");
 * returns the `group:name` keys of those now running on no instance at all.
 */
function markProcessesLost(d: Draft, identifier: string): string[] {
  const record = d.get(identifier)!;
  const running = [...record.processes.entries()].filter(([, info]) => isRunningProcess(info));
  if (running.length === 0) return [];
  const processes = d.editProcesses(identifier);
  const lost: string[] = [];
  for (const [key, info] of running) {
    const failed = { ...info, state: ProcessStates.FATAL, statename: "FATAL", expected: false, spawnerr: `Supervisor ${identifier} lost` };
    processes.set(key, failed);
    d.publish({ topic: "event", body: processEventBody(d.get(identifier)!, failed, d.now), quiet: true });
    if (!runsElsewhere(d, key, identifier)) lost.push(key);
  }
  return lost;
}

function runsElsewhere(d: Draft, key: string, except: string): boolean {
  for (const other of d.all()) {
    if (other.identity.identifier === except) continue;
    const info = other.processes.get(key);
    if (info && isRunningProcess(info)) return true;
  }
  return false;
}

/** Invalidates every FAILED instance; returns their identifiers (for ST-SFA-01 USER). */
export function invalidateFailed(d: Draft): string[] {
  const failed = [...d.all()].filter((r) => r.state === "FAILED").map((r) => r.identity.identifier);
  for (const id of failed) invalidate(d, id, false, "silent or unreachable");
  return failed;
}

/** ST-IN-14: CHECKED instances become usable (RUNNING); returns them. */
export function activateChecked(d: Draft): string[] {
  const checked = [...d.all()].filter((r) => r.state === "CHECKED").map((r) => r.identity.identifier);
  for (const id of checked) setInstanceState(d, id, "RUNNING", "activated");
  return checked;
}
