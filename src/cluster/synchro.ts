// The end of SYNCHRONIZATION (ST-SYN): each selected option's condition on the stable-running
// set, uptime and Master, the degraded mode, and the `waiting_for` text Flotilla shows while it
// waits. Also the one Flotilla shortcut: a node alone by configuration does not wait at all.
import { CORE_UPTIME_MIN, type SynchroOption } from "./options.ts";
import { coreIdentifiers } from "./resolver.ts";
import type { ClusterState } from "./state.ts";

export interface SyncCheck {
  option: SynchroOption;
  satisfied: boolean;
  /** Why not yet, for humans ("" when satisfied). */
  waitingFor: string;
}

const list = (ids: string[]) => ids.join(", ");

/**
 * Names the instances a condition misses. While the views are not stable yet every instance is
 * "missing" from the (empty) stable set, so name those not RUNNING here and say the views lag.
 */
function missingText(state: ClusterState, missing: string[]): string {
  if (state.stable.length > 0) return list(missing);
  const notRunning = missing.filter((id) => state.instances.get(id)?.state !== "RUNNING");
  return notRunning.length > 0 ? `${list(notRunning)} (views not yet stable)` : "(views not yet stable)";
}

/** Declared instances not in the stable-running set (STRICT). */
export function missingDeclared(state: ClusterState): string[] {
  const declared = [...state.instances.values()].filter((r) => r.declared).map((r) => r.identity.identifier);
  if (declared.length === 0) return ["(no declared instance)"];
  return declared.filter((id) => !state.stable.includes(id));
}

/** Known instances not in the stable-running set (LIST). */
export function missingKnown(state: ClusterState): string[] {
  return [...state.instances.keys()].filter((id) => !state.stable.includes(id));
}

/** Core instances not in the stable-running set (CORE); none configured counts as missing. */
export function missingCore(state: ClusterState): string[] {
  const core = coreIdentifiers(state);
  if (core.length === 0) return ["(no core instance known)"];
  return core.filter((id) => !state.stable.includes(id));
}

/** Flotilla: nothing but the local instance is declared and nothing can be discovered. */
export function aloneByConfiguration(state: ClusterState): boolean {
  return state.instances.size === 1 && !state.options.discoveryMode;
}

/** Evaluates every selected option (USER's Master acceptance is done by the caller first). */
export function checkSynchro(state: ClusterState, uptime: number): SyncCheck[] {
  const checks: SyncCheck[] = [];
  for (const option of state.options.synchroOptions) {
    checks.push(checkOne(state, option, uptime));
  }
  return checks;
}

function checkOne(state: ClusterState, option: SynchroOption, uptime: number): SyncCheck {
  const result = (satisfied: boolean, waitingFor: string): SyncCheck => ({ option, satisfied, waitingFor: satisfied ? "" : waitingFor });
  switch (option) {
    case "STRICT": {
      const missing = missingDeclared(state);
      return result(missing.length === 0, `STRICT: declared instances not yet RUNNING everywhere: ${missingText(state, missing)}`);
    }
    case "LIST": {
      const missing = missingKnown(state);
      return result(missing.length === 0, `LIST: known instances not yet RUNNING everywhere: ${missingText(state, missing)}`);
    }
    case "TIMEOUT": {
      const left = Math.max(0, state.options.synchroTimeout - uptime);
      return result(uptime >= state.options.synchroTimeout, `TIMEOUT: ${left.toFixed(1)} s left of synchro_timeout=${state.options.synchroTimeout} s`);
    }
    case "CORE": {
      const missing = missingCore(state);
      if (missing.length > 0) return result(false, `CORE: core instances not yet RUNNING everywhere: ${missingText(state, missing)}`);
      return result(uptime >= CORE_UPTIME_MIN, `CORE: core instances RUNNING, ${(CORE_UPTIME_MIN - uptime).toFixed(1)} s left of the ${CORE_UPTIME_MIN} s guard`);
    }
    case "USER": {
      if (state.master === "") return result(false, "USER: waiting for end_sync (no Master selected)");
      const running = state.instances.get(state.master)?.state === "RUNNING";
      return result(running, `USER: Master ${state.master} not RUNNING`);
    }
  }
}

/** ST-SYN-06: degraded when STRICT, LIST or CORE is selected and not satisfied. */
export function degradedBySynchro(checks: SyncCheck[]): boolean {
  return checks.some((c) => (c.option === "STRICT" || c.option === "LIST" || c.option === "CORE") && !c.satisfied);
}
