// The external event interface's messages (EVT-04, EVT-10..19): a header and a JSON body with
// Supvisors' exact keys, built from what the cluster core, the control engine and the statistics
// publish. Pure: the node wiring feeds it and hands the result to the ZeroMQ or websocket publisher.

import { ApplicationStates, type ApplicationStatus } from "../control/model/application-status.ts";
import type { ProcessStatus } from "../control/model/synthesis.ts";
import type { ProcessInfo } from "../cluster/messages.ts";
import type { InstanceInfo, ProcessEventBody, SupvisorsStatus } from "../cluster/serial.ts";
import { applicationInfoValue, processStatusValue } from "../api/supvisors/application-methods.ts";
import { ProcessStates } from "../process/states.ts";
import type { HostStatsEvent, ProcessStatsEvent } from "../stats/types.ts";

/** EVT-04: the headers subscribers filter on. */
export const EVENT_HEADERS = ["supvisors", "instance", "application", "event", "process", "hstats", "pstats"] as const;
export type EventHeader = (typeof EVENT_HEADERS)[number];

export interface ExternalEvent {
  header: EventHeader;
  body: object;
}

/** EVT-10: the local state & modes, as `get_supvisors_state` returns them. */
export function supvisorsEvent(status: SupvisorsStatus): ExternalEvent {
  return { header: "supvisors", body: status };
}

/** EVT-11: one instance, as an item of `get_all_instances_info`. */
export function instanceEvent(info: InstanceInfo): ExternalEvent {
  return { header: "instance", body: info };
}

/** EVT-12; the last message of an application that disappeared says DELETED (statecode 4). */
export function applicationEvent(status: ApplicationStatus, now: number, deleted = false): ExternalEvent {
  const body = applicationInfoValue(status, now);
  return { header: "application", body: deleted ? { ...body, statecode: ApplicationStates.DELETED, statename: "DELETED" } : body };
}

/** EVT-13; the last message of a process configured nowhere any more says DELETED (statecode −1). */
export function processStatusEvent(status: ProcessStatus, now: number, deleted = false): ExternalEvent {
  const body = processStatusValue(status, now);
  return { header: "process", body: deleted ? { ...body, statecode: -1, statename: "DELETED" } : body };
}

/** EVT-14: a process state change reported by an instance, stamped with the local reception time. */
export function processStateEvent(event: ProcessEventBody): ExternalEvent {
  return {
    header: "event",
    body: {
      identifier: event.identifier,
      nick_identifier: event.nick_identifier,
      group: event.group,
      name: event.name,
      state: event.state,
      now: event.now,
      now_monotonic: event.now_monotonic,
      pid: event.pid,
      expected: event.expected,
      spawnerr: event.spawnerr,
      extra_args: event.extra_args,
      disabled: event.disabled,
      event_mtime: event.event_mtime,
    },
  };
}

export interface ForcedState {
  /** Where another state was expected; "" (and nick "") when no instance could be chosen. */
  identifier: string;
  nick: string;
  group: string;
  name: string;
  state: "FATAL" | "STOPPED";
  reason: string;
  extraArgs: string;
  /** The forcing node's epoch and monotonic seconds. */
  now: number;
  nowMonotonic: number;
  /** Local monotonic seconds when this node learnt it. */
  eventMtime: number;
}

/** EVT-15: a state Supvisors imposed; the reason travels in `spawnerr`, no `disabled`. */
export function forcedStateEvent(forced: ForcedState): ExternalEvent {
  return {
    header: "event",
    body: {
      identifier: forced.identifier,
      nick_identifier: forced.nick,
      group: forced.group,
      name: forced.name,
      state: ProcessStates[forced.state],
      now: forced.now,
      now_monotonic: forced.nowMonotonic,
      pid: 0,
      expected: false,
      spawnerr: forced.reason,
      extra_args: forced.extraArgs,
      event_mtime: forced.eventMtime,
    },
  };
}

/** EVT-16: a process removed from an instance (numprocs decrease, group removal). */
export function processRemovalEvent(group: string, name: string): ExternalEvent {
  return { header: "event", body: { group, name, state: -1 } };
}

/** EVT-17: a program enabled or disabled: that instance's whole local process struct. */
export function disabilityEvent(info: ProcessInfo): ExternalEvent {
  return { header: "event", body: { ...info } };
}

/** EVT-18: host figures of one integration period of one instance. */
export function hostStatsEvent(stats: HostStatsEvent): ExternalEvent {
  return { header: "hstats", body: stats };
}

/** EVT-19: process figures of one integration period of one instance. */
export function processStatsEvent(stats: ProcessStatsEvent): ExternalEvent {
  return { header: "pstats", body: stats };
}
