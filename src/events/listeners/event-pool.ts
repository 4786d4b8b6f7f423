// One `[eventlistener:x]` pool (EVT-SUP-03), as Supervisor 4.2.5's EventListenerPool: a queue of at
// most `buffer_size` events (the oldest dropped, with an error line, when full), each event sent to
// the first RUNNING listener of the pool that said READY, and an event whose listener rejected it,
// answered garbage or died before answering put back at the head of the queue with its serials.
//
// No I/O here: the members are given as objects that say whether their process runs and write to
// its stdin, so tests drive a pool with in-memory listeners. Log lines are supervisord's.
//
// Example: const pool = new EventPool({ name: "rec", bufferSize: 10, subscriptions: ["EVENT"], ... });
//          pool.accept(new PooledEvent(tickEvent(5, 1795574590))); pool.dispatch();

import { formatEnvelope } from "./envelope.ts";
import { eventTypeCovers, type EventTypeName } from "./event-types.ts";
import { ListenerProtocol, type ListenerStateName, type ProtocolOutcome } from "./listener-protocol.ts";
import { outputText } from "../../process/logs/child-output.ts";
import type { ListenerEvent } from "./payloads.ts";

export type PoolLogLevel = "error" | "warn" | "info" | "debug";

/** One listener process of the pool, as the pool sees it. */
export interface PoolMember {
  /** Process name: unique in its group, names the member in log lines. */
  readonly name: string;
  /** Only RUNNING listeners are sent events. */
  isRunning(): boolean;
  /** Writes to the listener's stdin; false when its stdin is gone (supervisord's EPIPE). */
  write(data: string): boolean;
}

/**
 * An event on its way through the pools: one global serial, given when the first pool takes it,
 * and one serial per pool; both stay with the event when it is queued again.
 */
export class PooledEvent {
  serial: number | null = null;
  readonly poolSerials = new Map<string, number>();
  constructor(readonly event: ListenerEvent) {}
}

export interface PoolOptions {
  name: string;
  /** ≥ 1 (checked by the configuration). */
  bufferSize: number;
  subscriptions: readonly EventTypeName[];
  /** `[supervisord] identifier`, the `server:` of headers. */
  identifier: string;
  /** The pool's listeners now, in the group's order. */
  members(): readonly PoolMember[];
  /** The global serial of the next event (shared by every pool of the daemon). */
  nextSerial(): number;
  log(level: PoolLogLevel, message: string): void;
  /** Judges a RESULT body; default: supervisor.dispatchers:default_handler. */
  judge?(body: Uint8Array): boolean;
}

/** What the pool keeps per listener process: its protocol reader and the event it works on. */
interface Slot {
  protocol: ListenerProtocol;
  event: PooledEvent | null;
}

/** Supervisor wraps its serials at sys.maxsize; Flotilla at the largest exact integer. */
export const MAX_SERIAL = Number.MAX_SAFE_INTEGER;

/** Supervisor's new_serial(): 0, 1, 2... */
export function nextSerialAfter(serial: number): number {
  return serial >= MAX_SERIAL ? 0 : serial + 1;
}

export class EventPool {
  readonly #opts: PoolOptions;
  readonly #buffer: PooledEvent[] = [];
  readonly #slots = new Map<string, Slot>();
  #serial = -1;

  constructor(opts: PoolOptions) {
    this.#opts = opts;
  }

  get name(): string {
    return this.#opts.name;
  }

  /** The queued events, oldest first (for tests and status). */
  get buffered(): readonly PooledEvent[] {
    return this.#buffer;
  }

  /** Whether the pool subscribed to `type` or one of its ancestors (EVT-SUP-12). */
  subscribes(type: EventTypeName): boolean {
    return this.#opts.subscriptions.some((s) => eventTypeCovers(s, type));
  }

  /** The listener state of a member (ACKNOWLEDGED until it first says READY). */
  listenerState(member: string): ListenerStateName {
    return this.#slot(member).protocol.state;
  }

  /** `_acceptEvent`: numbers the event if needed and queues it, at the head for a requeue. */
  accept(pooled: PooledEvent, head = false): void {
    const name = this.#opts.name;
    if (pooled.serial === null) pooled.serial = this.#opts.nextSerial();
    if (!pooled.poolSerials.has(name)) {
      this.#serial = nextSerialAfter(this.#serial);
      pooled.poolSerials.set(name, this.#serial);
    } else {
      this.#opts.log(
        "debug",
        `rebuffering event ${pooled.serial} for pool ${name} (buf size=${this.#buffer.length}, max=${this.#opts.bufferSize})`,
      );
    }
    if (this.#buffer.length >= this.#opts.bufferSize && this.#buffer.length > 0) {
      const discarded = this.#buffer.shift()!;
      this.#opts.log("error", `pool ${name} event buffer overflowed, discarding event ${discarded.serial}`);
    }
    if (head) this.#buffer.unshift(pooled);
    else this.#buffer.push(pooled);
  }

  /**
   * Sends queued events, oldest first, while a listener can take one. Called whenever a listener
   * may have become able to (READY, RUNNING) or an event arrived; a no-op when none can.
   */
  dispatch(): void {
    if (!this.#opts.members().some((m) => m.isRunning() && this.#slot(m.name).protocol.state === "READY")) return;
    while (this.#buffer.length > 0) {
      const pooled = this.#buffer.shift()!;
      if (!this.#send(pooled)) {
        this.accept(pooled, true);
        break;
      }
    }
  }

  /** Bytes a member wrote on its stdout. */
  output(member: string, data: Uint8Array): void {
    const slot = this.#slot(member);
    for (const outcome of slot.protocol.feed(data)) this.#apply(member, slot, outcome);
    this.dispatch();
  }

  /** A member's process was spawned again: a new process starts ACKNOWLEDGED with no event. */
  spawned(member: string): void {
    this.#slots.set(member, this.#newSlot());
  }

  /** A member's process ended: an event it had not answered goes back to the head of the queue. */
  ended(member: string): void {
    const slot = this.#slots.get(member);
    if (!slot || slot.event === null) return;
    const pooled = slot.event;
    slot.event = null;
    this.accept(pooled, true);
  }

  /** Forgets a member (removed by a numprocs decrease); its unanswered event is queued again. */
  forget(member: string): void {
    this.ended(member);
    this.#slots.delete(member);
  }

  /** `_dispatchEvent`: the first RUNNING and READY member gets the event. */
  #send(pooled: PooledEvent): boolean {
    const poolSerial = pooled.poolSerials.get(this.#opts.name)!;
    for (const member of this.#opts.members()) {
      if (!member.isRunning()) continue;
      const slot = this.#slot(member.name);
      if (slot.protocol.state !== "READY") continue;
      const envelope = formatEnvelope({
        identifier: this.#opts.identifier,
        serial: pooled.serial!,
        pool: this.#opts.name,
        poolSerial,
        event: pooled.event,
      });
      if (!member.write(envelope)) {
        this.#opts.log(
          "debug",
          `epipe occurred while sending event ${pooled.serial} to listener ${member.name}, listener state unchanged`,
        );
        continue;
      }
      slot.protocol.sent();
      slot.event = pooled;
      this.#opts.log("debug", `event ${pooled.serial} sent to listener ${member.name}`);
      return true;
    }
    return false;
  }

  #apply(member: string, slot: Slot, outcome: ProtocolOutcome): void {
    const log = this.#opts.log;
    switch (outcome.kind) {
      case "state":
        log("debug", `${member}: ${outcome.from} -> ${outcome.to}`);
        if (outcome.to === "UNKNOWN") {
          log(
            "warn",
            `${member}: has entered the UNKNOWN state and will no longer receive events, ` +
              `this usually indicates the process violated the eventlistener protocol`,
          );
        }
        break;
      case "result":
        if (outcome.accepted) {
          log("debug", `${member}: event was processed`);
          slot.event = null;
        } else {
          log("warn", `${member}: event was rejected`);
        }
        break;
      case "badResultLine":
        log("warn", `${member}: bad result line: '${outputText(outcome.line)}'`);
        break;
      case "requeue": {
        const pooled = slot.event;
        slot.event = null;
        if (pooled !== null) this.accept(pooled, true);
        break;
      }
    }
  }

  #slot(member: string): Slot {
    let slot = this.#slots.get(member);
    if (!slot) {
      slot = this.#newSlot();
      this.#slots.set(member, slot);
    }
    return slot;
  }

  #newSlot(): Slot {
    return { protocol: new ListenerProtocol(this.#opts.judge), event: null };
  }
}
