// supvisors.* methods describing the cluster as a whole (RPC-SV-01..06): API version, the FSM
// state and modes of every instance, the Master, the strategies and the core identifiers.

import { allInstancesStateModes, coreIdentifiers, instanceStateModes, masterIdentifier, strategies, supvisorsState, waitingFor } from "../../cluster/index.ts";
import type { RpcMethod } from "../registry.ts";
import { SUPVISORS_API_VERSION, type SupvisorsApiDeps } from "./deps.ts";
import { stateModesValue, supvisorsStateValue, valueOf } from "./wire.ts";

const STATE_MODES_KEYS =
  "identifier, nick_identifier, now_monotonic (float), fsm_statecode, fsm_statename, degraded_mode, discovery_mode, " +
  "master_identifier ('' if none), starting_jobs, stopping_jobs, instance_states ({identifier: state name})";

export function statusMethods(deps: SupvisorsApiDeps): RpcMethod[] {
  return [
    {
      name: "supvisors.get_api_version",
      params: [],
      returns: "string",
      help: "Tell which Supvisors API version this daemon speaks.\n@return string the version, checked by supvisorsctl",
      call: () => SUPVISORS_API_VERSION,
    },
    {
      name: "supvisors.get_supvisors_state",
      params: [],
      returns: "struct",
      help:
        "Give the state and modes of the cluster as the local instance sees them: " +
        `${STATE_MODES_KEYS}, where starting_jobs and stopping_jobs list the identifiers of the instances having jobs ` +
        "in progress. Flotilla adds waiting_for: while in SYNCHRONIZATION, the conditions the cluster still waits for " +
        "('; '-separated), otherwise ''.\n@return struct state and modes of the cluster",
      call: () => {
        const state = deps.state();
        return supvisorsStateValue(supvisorsState(state, deps.now()), waitingFor(state));
      },
    },
    {
      name: "supvisors.get_all_instances_state_modes",
      params: [],
      returns: "array",
      help:
        `Give the state and modes each known instance last published, sorted by identifier: ${STATE_MODES_KEYS}, ` +
        "jobs being booleans.\n@return array state and modes structs",
      call: () => allInstancesStateModes(deps.state(), deps.now()).map(stateModesValue),
    },
    {
      name: "supvisors.get_instance_state_modes",
      params: [{ name: "identifier", type: "string" }],
      returns: "array",
      help:
        "Give the state and modes the instances named by identifier last published (one per instance; a stereotype " +
        "may name several), jobs being booleans. BAD_NAME if the name matches no instance.\n" +
        "@param string identifier identifier, nick identifier or stereotype\n@return array state and modes structs",
      call: ([identifier]) => valueOf(instanceStateModes(deps.state(), identifier as string, deps.now())).map(stateModesValue),
    },
    {
      name: "supvisors.get_master_identifier",
      params: [],
      returns: "struct",
      help: "Name the Master instance as {identifier, nick_identifier}; an empty struct while no Master is set.\n@return struct the Master",
      call: () => ({ ...masterIdentifier(deps.state()) }),
    },
    {
      name: "supvisors.get_strategies",
      params: [],
      returns: "struct",
      help:
        "Give the strategies in force: auto-fencing (boolean), starting, conciliation and supvisors_failure (the one " +
        "applied: CONTINUE when TIMEOUT is a synchro option).\n@return struct the strategies",
      call: () => {
        const s = strategies(deps.state());
        return { "auto-fencing": s["auto-fencing"], starting: s.starting, conciliation: s.conciliation, supvisors_failure: s.supvisors_failure };
      },
    },
    {
      name: "supvisors.get_core_identifiers",
      params: [],
      returns: "array",
      help:
        "Flotilla: give the identifiers the core_identifiers option designates among the instances known now (nicks " +
        "and stereotypes resolved), in instance order.\n@return array identifiers",
      call: () => coreIdentifiers(deps.state()),
    },
  ];
}
