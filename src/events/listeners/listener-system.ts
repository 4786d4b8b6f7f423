// The event listener side of one daemon life: turns what the local supervisor reports (state
// changes, output, groups and processes coming and going) and what the daemon tells it (running,
// stopping, remote communication) into Supervisor events, keeps a pool per `[eventlistener:x]`
// group, and carries the pools' I/O out on the listener processes (stdin writes, stdout reads).
//
// When things fire, as a real supervisord 4.2.5 fires them:
// - PROCESS_GROUP_ADDED for every group at start-up, in group order, a pool subscribing just
//   before its own group's event (so a pool sees itself and the groups after it);
// - SUPERVISOR_STATE_CHANGE_RUNNING once the servers listen, before any process starts;
// - PROCESS_STATE_* at every state change, with the pid and tries of that moment;
// - PROCESS_LOG_* / PROCESS_COMMUNICATION_* as output arrives; REMOTE_COMMUNICATION on
//   sendRemoteCommEvent; TICK_* on the epoch boundaries; SUPERVISOR_STATE_CHANGE_STOPPING as a
//   shutdown or restart begins (listeners, priority -1, are stopped last and still hear the rest).
//
// Example: const listeners = new EventListeners({ sup, identifier: "supervisor", log, tickClock: systemClock });
//          listeners.daemonRunning(); ... listeners.daemonStopping(); ... listeners.dispose();

import type { Clock } from "../../process/clock.ts";
import type { LogLevel } from "../../process/machine.ts";
import type { TransitionEvent } from "../../process/runner.ts";
import { ProcessStates, type ProcessState } from "../../process/states.ts";
import type { LocalSupervisor } from "../../supervisor/local-supervisor.ts";
import type { ProcessEntry } from "../../supervisor/process-entry.ts";
import type { ProcessGroup } from "../../supervisor/process-group.ts";
import { EventPool, type PoolMember } from "./event-pool.ts";
import type { EventTypeName } from "./event-types.ts";
import { ListenerHub, type SerialCounter } from "./listener-hub.ts";
import {
  processCommunicationEvent,
  processEvent,
  processGroupEvent,
  processLogEvent,
  processStateEvent,
  remoteCommunicationEvent,
  supervisorStateEvent,
  tickEvent,
  type ListenerEvent,
  type ProcessChange,
} from "./payloads.ts";
import { TickTimer } from "./ticks.ts";

export interface EventListenersOptions {
  sup: LocalSupervisor;
  /** `[supervisord] identifier`: the `server:` of every header. */
  identifier: string;
  log(level: LogLevel, message: string): void;
  /** The clock ticks are counted on (see ticks.ts for the test speed-up). */
  tickClock: Clock;
  /** The global event serial, shared by the daemon lives of one `flotilla serve`. */
  serial?: SerialCounter;
}

/** States a process is alive in: leaving one for a stopped state means the child ended. */
const ALIVE: readonly ProcessState[] = [ProcessStates.STARTING, ProcessStates.RUNNING, ProcessStates.STOPPING];
const ENDED: readonly ProcessState[] = [ProcessStates.STOPPED, ProcessStates.EXITED, ProcessStates.BACKOFF];

export class EventListeners {
  readonly #opts: EventListenersOptions;
  readonly #hub: ListenerHub;
  readonly #ticks: TickTimer;
  readonly #members = new WeakMap<ProcessEntry, PoolMember>();
  readonly #detach: (() => void)[] = [];

  constructor(opts: EventListenersOptions) {
    this.#opts = opts;
    this.#hub = new ListenerHub(opts.serial);
    this.#ticks = new TickTimer(opts.tickClock, (period, when) => this.notify(tickEvent(period, when)));
    for (const group of opts.sup.groups()) this.#groupAdded(group);
    this.#detach.push(opts.sup.onTransition((entry, event) => this.#transition(entry, event)));
    this.#detach.push(
      opts.sup.observe({
        output: (entry, channel, data) =>
          this.notify(processLogEvent(entry.name, entry.group, entry.runner.pid, channel, data)),
        communication: (entry, channel, data) =>
          this.notify(processCommunicationEvent(entry.name, entry.group, entry.runner.pid, channel, data)),
        listenerOutput: (entry, data) => this.#hub.pool(entry.group)?.output(entry.name, data),
        groupAdded: (group) => this.#groupAdded(group),
        groupRemoved: (group) => {
          this.#hub.remove(group.name);
          this.notify(processGroupEvent("REMOVED", group.name));
        },
        processAdded: (entry) => this.#process("ADDED", entry),
        processRemoved: (entry) => {
          if (entry.isListener) this.#hub.pool(entry.group)?.forget(entry.name);
          this.#process("REMOVED", entry);
        },
        processEnabled: (entry) => this.#process("ENABLED", entry),
        processDisabled: (entry) => this.#process("DISABLED", entry),
      }),
    );
  }

  /** The pool of a listener group, if any (tests, status). */
  pool(name: string): EventPool | undefined {
    return this.#hub.pool(name);
  }

  /** Hands an event to the subscribed pools. */
  notify(event: ListenerEvent): void {
    this.#hub.notify(event);
  }

  /** The daemon is up (SUPERVISOR_STATE_CHANGE_RUNNING); ticks start counting. */
  daemonRunning(): void {
    this.notify(supervisorStateEvent("RUNNING"));
    this.#ticks.start();
  }

  /** A shutdown or restart begins (SUPERVISOR_STATE_CHANGE_STOPPING). */
  daemonStopping(): void {
    this.notify(supervisorStateEvent("STOPPING"));
  }

  /** supervisor.sendRemoteCommEvent (REMOTE_COMMUNICATION). */
  remoteCommunication(type: string, data: string): void {
    this.notify(remoteCommunicationEvent(type, data));
  }

  /** Stops the ticks and the observation; pools and their queues are dropped. */
  dispose(): void {
    this.#ticks.stop();
    for (const detach of this.#detach.splice(0)) detach();
    for (const pool of this.#hub.pools()) this.#hub.remove(pool.name);
  }

  #groupAdded(group: ProcessGroup): void {
    const listener = group.config.listener;
    if (listener) {
      this.#hub.add(
        new EventPool({
          name: group.name,
          bufferSize: listener.bufferSize,
          subscriptions: listener.events as EventTypeName[],
          identifier: this.#opts.identifier,
          members: () => this.#opts.sup.group(group.name)?.entries.map((e) => this.#member(e)) ?? [],
          nextSerial: this.#hub.nextSerial,
          log: (level, message) => this.#opts.log(level, message),
        }),
      );
    }
    this.notify(processGroupEvent("ADDED", group.name));
  }

  #transition(entry: ProcessEntry, event: TransitionEvent): void {
    const pool = entry.isListener ? this.#hub.pool(entry.group) : undefined;
    // A new child starts a new conversation: ACKNOWLEDGED until it says READY.
    if (pool && event.to === ProcessStates.STARTING) pool.spawned(entry.name);
    const takers = this.#hub.queue(
      processStateEvent({
        processName: entry.name,
        groupName: entry.group,
        from: event.from,
        to: event.to,
        pid: event.pid,
        tries: event.tries,
        expected: event.expected,
      }),
    );
    // An event the child had not answered goes back to the head of its pool's queue once the state
    // change is queued, and before anything is sent, as supervisord's finish() does: with a full
    // buffer, the oldest queued events are then discarded, never the one handed back.
    if (pool && ALIVE.includes(event.from) && ENDED.includes(event.to)) pool.ended(entry.name);
    for (const taker of takers) taker.dispatch();
    if (pool && (event.to === ProcessStates.RUNNING || ENDED.includes(event.to))) pool.dispatch();
  }

  #process(change: ProcessChange, entry: ProcessEntry): void {
    this.notify(processEvent(change, entry.name, entry.group));
  }

  #member(entry: ProcessEntry): PoolMember {
    let member = this.#members.get(entry);
    if (!member) {
      member = {
        name: entry.name,
        isRunning: () => entry.runner.state === ProcessStates.RUNNING,
        write: (data) => entry.runner.writeStdin(data) === "ok",
      };
      this.#members.set(entry, member);
    }
    return member;
  }
}
