// User requests that act on the cluster FSM: end_sync (RPC-SV-39, ST-SYN-07) and the cluster-wide
// restart / shutdown (RPC-SV-37/38, ST-FSM-16), forwarded to the Master by a slave. Fault names
// and texts follow Supvisors so the API can pass them through.
import type { RequestReply } from "./effects.ts";
import type { Draft } from "./draft.ts";
import { isLocalMaster, selectMaster } from "./election.ts";
import { runFsm } from "./fsm.ts";
import { message } from "./messages.ts";
import { setMaster } from "./publication.ts";
import { resolveInstances } from "./resolver.ts";
import type { FsmState } from "./states.ts";

const FROM_DISTRIBUTION: readonly FsmState[] = ["DISTRIBUTION", "OPERATION", "CONCILIATION", "RESTARTING", "SHUTTING_DOWN"];

function badState(state: FsmState, expected: readonly FsmState[]): RequestReply {
  const list = `[${expected.map((s) => `'${s}'`).join(", ")}]`;
  return { ok: false, fault: "BAD_SUPVISORS_STATE", detail: `invalid Supvisors state=${state} - state expected in ${list}` };
}

export function endSync(d: Draft, master: string): RequestReply {
  if (d.state.fsm !== "SYNCHRONIZATION") return badState(d.state.fsm, ["SYNCHRONIZATION"]);
  if (d.state.master !== "") return { ok: false, fault: "BAD_SUPVISORS_STATE", detail: "Supvisors synchronization ending" };
  if (!d.state.options.synchroOptions.includes("USER")) return { ok: false, fault: "NOT_APPLICABLE", detail: "USER expected in synchro_options" };
  if (master === "") {
    selectMaster(d);
  } else {
    const ids = resolveInstances(d.state, [master]);
    if (ids.length === 0) return { ok: false, fault: "BAD_NAME", detail: `unknown Supvisors identifier=${master}` };
    if (ids.length > 1) return { ok: false, fault: "INCORRECT_PARAMETERS", detail: `multiple identifiers=${JSON.stringify(ids)} found for Supvisors master=${master}` };
    const state = d.get(ids[0])!.state;
    if (state !== "RUNNING") return { ok: false, fault: "NOT_RUNNING", detail: `Supvisors instance=${ids[0]} is not RUNNING (${state})` };
    setMaster(d, ids[0]);
  }
  runFsm(d);
  return { ok: true };
}

/**
 * Restart / shutdown of the whole cluster: the Master moves to RESTARTING / SHUTTING_DOWN, a
 * slave forwards the request to the Master. `checkState` is false for a request a slave forwarded.
 */
export function closeCluster(d: Draft, action: "restart" | "shutdown", checkState = true): RequestReply {
  if (checkState && !FROM_DISTRIBUTION.includes(d.state.fsm)) return badState(d.state.fsm, FROM_DISTRIBUTION);
  if (isLocalMaster(d.state)) {
    runFsm(d, action === "restart" ? "RESTARTING" : "SHUTTING_DOWN");
    return { ok: true };
  }
  if (d.state.master !== "") {
    d.log("info", `${action} request forwarded to the Master ${d.state.master}`);
    d.send(d.state.master, message("request", { action }));
    return { ok: true };
  }
  const detail = `no Master instance to perform the Supvisors ${action} request`;
  d.log("error", detail);
  return { ok: false, fault: null, detail };
}
