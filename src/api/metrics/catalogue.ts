// Every metric family Flotilla exposes at /metrics, in one table: name, type, labels and the HELP
// text that documents it (the README's table is this one). Names carry the `flotilla_` prefix and
// their unit; labels are `group`/`name` (process), `identifier`/`nick` (instance), `state`.
//
// States are one-hot gauges — one series per possible state, 1 for the current one — rather than a
// single gauge holding the state code: `flotilla_process_state{state="FATAL"} == 1` selects
// directly, `sum by (state)` counts processes per state, and nobody has to know Supervisor's codes.
// The set of states is small and fixed, so the series count stays bounded.

import { INSTANCE_STATE_NAMES, FSM_STATE_NAMES } from "../../cluster/states.ts";
import { ProcessStates, SupervisorStates } from "../../process/states.ts";
import { defineFamily } from "./family.ts";

export const PROCESS_STATE_NAMES = Object.keys(ProcessStates);
export const SUPERVISOR_STATE_NAMES = Object.keys(SupervisorStates);
export { INSTANCE_STATE_NAMES, FSM_STATE_NAMES };

const PROCESS = ["group", "name"] as const;
const INSTANCE = ["identifier", "nick"] as const;
const NOT_SAMPLED = "Absent while process statistics are disabled (or no Supvisors section) and until the process is first sampled.";

export const Families = {
  buildInfo: defineFamily({ name: "flotilla_build_info", type: "gauge", labels: ["version"], help: "Always 1; the label carries Flotilla's version." }),
  supervisorState: defineFamily({
    name: "flotilla_supervisor_state",
    type: "gauge",
    labels: ["state"],
    help: `The daemon's own state (supervisor.getState), one-hot: 1 for the current state, 0 for the others (${SUPERVISOR_STATE_NAMES.join(", ")}).`,
  }),
  processState: defineFamily({
    name: "flotilla_process_state",
    type: "gauge",
    labels: [...PROCESS, "state"],
    help: `Process state, one-hot: 1 for the current state, 0 for the others (${PROCESS_STATE_NAMES.join(", ")}).`,
  }),
  processRestarts: defineFamily({
    name: "flotilla_process_restarts_total",
    type: "counter",
    labels: PROCESS,
    help:
      "Spawns of the process after its first one in this daemon life: automatic restarts, start retries and manual (re)starts alike. " +
      "Starts again from 0 when the daemon restarts or when the process group is removed and added again.",
  }),
  processUptime: defineFamily({
    name: "flotilla_process_uptime_seconds",
    type: "gauge",
    labels: PROCESS,
    help: "Seconds since the process was last spawned while it is RUNNING (the uptime of supervisorctl status); 0 in any other state.",
  }),
  processPid: defineFamily({ name: "flotilla_process_pid", type: "gauge", labels: PROCESS, help: "Process id of the process, 0 when it has none." }),
  processCpu: defineFamily({
    name: "flotilla_process_cpu_ratio",
    type: "gauge",
    labels: PROCESS,
    help: `CPU used by the process and its descendants over the latest window of the shortest stats period, in cores (1 = one core busy all the time). ${NOT_SAMPLED}`,
  }),
  processMemory: defineFamily({
    name: "flotilla_process_memory_bytes",
    type: "gauge",
    labels: PROCESS,
    help: `Resident memory (RSS) of the process and its descendants at the latest statistics sample. ${NOT_SAMPLED}`,
  }),
  requests: defineFamily({
    name: "flotilla_requests_total",
    type: "counter",
    labels: ["api", "route", "outcome"],
    help:
      "Requests answered, by API (xmlrpc, rest, web), route (the XML-RPC method name, (unknown) for a name no method has, (none) for an unreadable body; " +
      "the REST route; the dashboard's kind of path: page, action, event_stream, asset) and outcome (xmlrpc: ok, fault, error; rest and web: the HTTP status).",
  }),
  requestDuration: defineFamily({
    name: "flotilla_request_duration_seconds",
    type: "histogram",
    labels: ["api", "route"],
    help: "Time from a request's arrival to its answer, by API and route (for an event stream: until the stream opens).",
  }),
  loopLag: defineFamily({
    name: "flotilla_event_loop_lag_seconds",
    type: "histogram",
    labels: [],
    help: "Lateness of a timer that asks to fire every 20 ms: how long the event loop was held by other work before it could run (one observation per firing).",
  }),
  loopLagLast: defineFamily({
    name: "flotilla_event_loop_lag_last_seconds",
    type: "gauge",
    labels: [],
    help: "Lateness of the latest firing of the event-loop lag timer.",
  }),
  loopLagMax: defineFamily({
    name: "flotilla_event_loop_lag_max_seconds",
    type: "gauge",
    labels: [],
    help: "Worst lateness of the event-loop lag timer in this daemon life: a bound on the longest single piece of work.",
  }),
  loopWork: defineFamily({
    name: "flotilla_event_loop_work_seconds",
    type: "histogram",
    labels: [],
    help: "Of each lateness of the event-loop lag timer, the part this daemon spent on the CPU (its CPU time over the interval, at most the lateness); the rest of the lateness is time the OS did not run it.",
  }),
  loopWorkMax: defineFamily({
    name: "flotilla_event_loop_work_max_seconds",
    type: "gauge",
    labels: [],
    help: "Worst work part of one lateness in this daemon life: a bound on the longest piece of work of this daemon itself.",
  }),
  clusterState: defineFamily({
    name: "flotilla_cluster_state",
    type: "gauge",
    labels: ["state"],
    help: `The Supvisors FSM state of this instance, one-hot: 1 for the current state, 0 for the others (${FSM_STATE_NAMES.join(", ")}).`,
  }),
  clusterMaster: defineFamily({
    name: "flotilla_cluster_master",
    type: "gauge",
    labels: INSTANCE,
    help: "1 for the instance this one sees as Master, 0 for every other known instance (all 0 while there is no Master).",
  }),
  instanceState: defineFamily({
    name: "flotilla_instance_state",
    type: "gauge",
    labels: [...INSTANCE, "state"],
    help: `State of each Supvisors instance as this one sees it, one-hot: 1 for the current state, 0 for the others (${INSTANCE_STATE_NAMES.join(", ")}).`,
  }),
  instanceLoad: defineFamily({
    name: "flotilla_instance_load_percent",
    type: "gauge",
    labels: INSTANCE,
    help: "Load of each instance as the starting strategies weigh it: the sum of expected_loading (in %) of the processes running there.",
  }),
  instanceSuspected: defineFamily({
    name: "flotilla_instance_suspected",
    type: "gauge",
    labels: INSTANCE,
    help: "1 while the failure detector suspects this instance (silent past its deadline, probed, not yet declared lost), 0 otherwise.",
  }),
  localHealth: defineFamily({
    name: "flotilla_local_health_score",
    type: "gauge",
    labels: [],
    help: "The failure detector's local health score (0 to 8, Lifeguard's awareness): raised when this node finds itself late or wrong, every silence deadline is multiplied by 1 + score/2.",
  }),
  peerUp: defineFamily({
    name: "flotilla_peer_link_up",
    type: "gauge",
    labels: INSTANCE,
    help: "1 while the peer link to this instance is up (handshake done), 0 otherwise.",
  }),
  peerReconnections: defineFamily({
    name: "flotilla_peer_link_reconnections_total",
    type: "counter",
    labels: INSTANCE,
    help: "Times the link to this peer came up again after its first time in this daemon life (whichever side dialled).",
  }),
  peerSent: defineFamily({ name: "flotilla_peer_frames_sent_total", type: "counter", labels: INSTANCE, help: "Data frames written to the link of this peer." }),
  peerReceived: defineFamily({
    name: "flotilla_peer_frames_received_total",
    type: "counter",
    labels: INSTANCE,
    help: "Data frames accepted from this peer.",
  }),
  peerRejected: defineFamily({
    name: "flotilla_peer_frames_rejected_total",
    type: "counter",
    labels: INSTANCE,
    help: "Frames from this peer, or claiming to be, that were rejected (failed HMAC, replay, wrong session, not Flotilla frames); each rejection closes the link.",
  }),
  peerUnknownRejected: defineFamily({
    name: "flotilla_peer_unknown_frames_rejected_total",
    type: "counter",
    labels: [],
    help: "Rejected frames whose sender is no known peer.",
  }),
  peerLastFrameAge: defineFamily({
    name: "flotilla_peer_last_frame_age_seconds",
    type: "gauge",
    labels: INSTANCE,
    help: "Seconds since the last data frame was accepted from this peer; absent before the first one.",
  }),
} as const;
