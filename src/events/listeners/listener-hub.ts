// Supervisor's events.notify for listener pools: the pools of one daemon life in the order they
// subscribed (the order their groups were added), and the global serial they share. An event is
// taken by every pool subscribed to its type or an ancestor, numbered by the first one that takes
// it, then each of those pools sends what it can.
//
// Deliberate differences from Supervisor 4.2.5, both bugs there (seen on a real supervisord):
// a pool subscribed to a type through two names (`events=EVENT,TICK_5`) gets each such event once,
// not twice; and an event rejected by a listener is queued again in that listener's pool only
// (supervisord compares processes by priority and re-queues it in every pool).
//
// Example: const hub = new ListenerHub(); hub.add(pool); hub.notify(tickEvent(5, 1795574590));

import { EventPool, nextSerialAfter, PooledEvent } from "./event-pool.ts";
import type { ListenerEvent } from "./payloads.ts";

/**
 * The last global serial given out. It outlives a daemon life: supervisord keeps counting across a
 * restart (SIGHUP, supervisor.restart), so `flotilla serve` hands the same one to every life.
 */
export interface SerialCounter {
  last: number;
}

export class ListenerHub {
  readonly #pools = new Map<string, EventPool>();
  readonly #serial: SerialCounter;

  constructor(serial: SerialCounter = { last: -1 }) {
    this.#serial = serial;
  }

  /** The global serial of the next event: what pools use as their `nextSerial`. */
  readonly nextSerial = (): number => {
    this.#serial.last = nextSerialAfter(this.#serial.last);
    return this.#serial.last;
  };

  /** A pool subscribes (after those already there). */
  add(pool: EventPool): void {
    this.#pools.set(pool.name, pool);
  }

  /** A pool unsubscribes: its queued events are dropped with it. */
  remove(name: string): void {
    this.#pools.delete(name);
  }

  pool(name: string): EventPool | undefined {
    return this.#pools.get(name);
  }

  pools(): EventPool[] {
    return [...this.#pools.values()];
  }

  /** Hands `event` to every subscribed pool, then lets each send. Returns the pools that took it. */
  notify(event: ListenerEvent): EventPool[] {
    const takers = this.queue(event);
    for (const pool of takers) pool.dispatch();
    return takers;
  }

  /**
   * Queues `event` in every subscribed pool without sending anything yet (supervisord's notify,
   * whose pools send on the next turn of its loop); the caller lets the returned pools dispatch.
   * For a caller that must queue more (an event handed back) before anything goes out.
   */
  queue(event: ListenerEvent): EventPool[] {
    const takers = this.pools().filter((p) => p.subscribes(event.type));
    if (takers.length === 0) return takers;
    const pooled = new PooledEvent(event);
    for (const pool of takers) pool.accept(pooled);
    return takers;
  }
}
