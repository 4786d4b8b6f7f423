// What the local supervisor tells an observer besides state changes (those go through
// LocalSupervisor.onTransition): output pieces that make events, a listener's protocol bytes,
// groups and processes appearing, disappearing, enabled and disabled. The event listener layer
// (src/events/listeners) is the observer that turns these into Supervisor events; every method is
// optional so that others may watch only what they need.

import type { Channel, ProcessEntry } from "./process-entry.ts";
import type { ProcessGroup } from "./process-group.ts";

export interface ProcessObserver {
  /** A piece of output of a channel whose `*_events_enabled` is true (PROCESS_LOG_*). */
  output?(entry: ProcessEntry, channel: Channel, data: Uint8Array): void;
  /** What a channel in capture mode captured between the tokens (PROCESS_COMMUNICATION_*). */
  communication?(entry: ProcessEntry, channel: Channel, data: Uint8Array): void;
  /** The stdout of an event listener process: its protocol with the pool. */
  listenerOutput?(entry: ProcessEntry, data: Uint8Array): void;
  /** A group started being managed (at start-up for every group, then addProcessGroup). */
  groupAdded?(group: ProcessGroup): void;
  /** A group stopped being managed (removeProcessGroup); it is already disposed of. */
  groupRemoved?(group: ProcessGroup): void;
  /** A process was created by a numprocs increase (Supvisors' PROCESS_ADDED). */
  processAdded?(entry: ProcessEntry): void;
  /** A process is about to be removed by a numprocs decrease (PROCESS_REMOVED). */
  processRemoved?(entry: ProcessEntry): void;
  /** The process's program was enabled (PROCESS_ENABLED), before autostart applies again. */
  processEnabled?(entry: ProcessEntry): void;
  /** The process's program was disabled (PROCESS_DISABLED), before it is stopped. */
  processDisabled?(entry: ProcessEntry): void;
}

/** Calls every observer of `observers` that has `method`, in registration order. */
export function fanOut(observers: () => Iterable<ProcessObserver>): Required<ProcessObserver> {
  const each =
    <K extends keyof ProcessObserver>(method: K) =>
    (...args: Parameters<Required<ProcessObserver>[K]>): void => {
      for (const observer of [...observers()]) {
        const fn = observer[method] as ((...a: typeof args) => void) | undefined;
        fn?.apply(observer, args);
      }
    };
  return {
    output: each("output"),
    communication: each("communication"),
    listenerOutput: each("listenerOutput"),
    groupAdded: each("groupAdded"),
    groupRemoved: each("groupRemoved"),
    processAdded: each("processAdded"),
    processRemoved: each("processRemoved"),
    processEnabled: each("processEnabled"),
    processDisabled: each("processDisabled"),
  };
}
