// The strategies two instances must share (ST-HS-03, CFG-SV-14/20/21/22), as `get_strategies`
// shows them (RPC-SV-06): compared in the handshake, a mismatch isolates both sides.
import type { Strategies } from "./messages.ts";
import type { ClusterState } from "./state.ts";

export function localStrategies(state: ClusterState): Strategies {
  return {
    "auto-fencing": state.options.autoFence,
    starting: state.options.startingStrategy,
    conciliation: state.options.conciliationStrategy,
    supvisors_failure: state.failureStrategy,
  };
}

export function sameStrategies(a: Strategies, b: Strategies): boolean {
  return a["auto-fencing"] === b["auto-fencing"] && a.starting === b.starting && a.conciliation === b.conciliation && a.supvisors_failure === b.supvisors_failure;
}

