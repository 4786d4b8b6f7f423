// Supervisor's event listeners (events.md §4, EVT-SUP-01..12): `[eventlistener:x]` pools fed with
// events over the READY/RESULT protocol. The public face of the folder: event types and payload
// texts (pure), the envelope, the protocol reader, pools, ticks and the daemon-side wiring.

export {
  EVENT_TYPE_NAMES,
  eventTypeCovers,
  isAbstractEventType,
  isEventTypeName,
  parseEventNames,
  type ConcreteEventType,
  type EventNamesResult,
  type EventTypeName,
} from "./event-types.ts";
export {
  processCommunicationEvent,
  processEvent,
  processGroupEvent,
  processLogEvent,
  processStateEvent,
  remoteCommunicationEvent,
  supervisorStateEvent,
  tickEvent,
  type ListenerEvent,
  type OutputChannel,
  type ProcessChange,
  type ProcessStateFact,
  type TickPeriod,
} from "./payloads.ts";
export { ENVELOPE_VERSION, formatEnvelope, pyLength, type EnvelopeFields } from "./envelope.ts";
export {
  defaultResultHandler,
  ListenerProtocol,
  ListenerStates,
  resultLength,
  type ListenerStateName,
  type ProtocolOutcome,
} from "./listener-protocol.ts";
export {
  EventPool,
  MAX_SERIAL,
  nextSerialAfter,
  PooledEvent,
  type PoolLogLevel,
  type PoolMember,
  type PoolOptions,
} from "./event-pool.ts";
export { ListenerHub, type SerialCounter } from "./listener-hub.ts";
export { acceleratedClock, dueTicks, TICK_PERIODS, TICK_SPEEDUP_ENV, TickTimer, tickClock, timeslice } from "./ticks.ts";
export { EventListeners, type EventListenersOptions } from "./listener-system.ts";
