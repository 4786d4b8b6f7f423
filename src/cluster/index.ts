// The cluster layer's public face: the pure core (step, ClusterCore), its inputs and effects,
// the message shapes, the options it needs and the queries the API asks.
export { ClusterCore, step } from "./core.ts";
export type { ClusterEffect, ClusterEvent, ClusterInput, JobsCommand, RequestReply, StepResult } from "./effects.ts";
export { PROTOCOL_VERSION, message } from "./messages.ts";
export type { ClusterMessage, MessageKind, PeerEntry, ProcessInfo, StateModesWire, Strategies } from "./messages.ts";
export { parseMessage } from "./message-parse.ts";
export { clusterOptions, effectiveFailureStrategy, SYNCHRO_OPTIONS, CORE_UPTIME_MIN } from "./options.ts";
export type { ClusterOptions, DeclaredInstance, LocalIdentity, NetworkInfo, SupvisorsFailureStrategy, SynchroOption } from "./options.ts";
export { initialState } from "./state.ts";
export type { ClusterState, ControlView, InstanceRecord } from "./state.ts";
export { FsmStates, InstanceStates, Authorizations, WORKING_STATES, CLOSING_STATES } from "./states.ts";
export type { FsmState, InstanceState, Authorization } from "./states.ts";
export { FSM_TRANSITIONS, fsmTransitionAllowed } from "./fsm.ts";
export { INSTANCE_TRANSITIONS, instanceTransitionAllowed } from "./instance-state.ts";
export * from "./queries.ts";
export type { InstanceInfo, ProcessEventBody, StateModesStruct, SupvisorsStatus } from "./serial.ts";
export type { PeerIdentity, ReceivedFrame, Transport, TransportEvent } from "./transport.ts";
