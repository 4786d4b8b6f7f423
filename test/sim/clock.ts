// Time for the in-memory network and the simulator: a Scheduler interface with a virtual clock
// (an ordered queue of callbacks, run by hand) and a real one (timers) for real-time suites.

export interface Scheduler {
  /** Seconds, monotonic. */
  now(): number;
  /** Runs `fn` after `delay` seconds (0 = after the current call returns). */
  schedule(delay: number, fn: () => void): void;
}

interface Entry {
  at: number;
  seq: number;
  fn: () => void;
}

/** Virtual time: callbacks run in (time, insertion) order when the owner advances the clock. */
export class VirtualClock implements Scheduler {
  #now = 0;
  #seq = 0;
  #heap: Entry[] = [];

  now(): number {
    return this.#now;
  }

  schedule(delay: number, fn: () => void): void {
    this.#push({ at: this.#now + Math.max(0, delay), seq: this.#seq++, fn });
  }

  /** Time of the next callback, or undefined when nothing is queued. */
  peek(): number | undefined {
    return this.#heap[0]?.at;
  }

  /** Runs the next callback; returns false when the queue is empty or the next one is after `until`. */
  runNext(until = Infinity): boolean {
    const first = this.#heap[0];
    if (!first || first.at > until) return false;
    this.#pop();
    this.#now = first.at;
    first.fn();
    return true;
  }

  /** Moves the clock forward without running anything (only when nothing is due before). */
  advanceTo(time: number): void {
    if (time > this.#now) this.#now = time;
  }

  #less(a: Entry, b: Entry): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  #push(entry: Entry): void {
    const heap = this.#heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#less(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  #pop(): void {
    const heap = this.#heap;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && this.#less(heap[l], heap[m])) m = l;
      if (r < heap.length && this.#less(heap[r], heap[m])) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m], heap[i]];
      i = m;
    }
  }
}

/** Real time, for suites that run transports against real timers (e.g. the conformance suite). */
export class RealScheduler implements Scheduler {
  now(): number {
    return performance.now() / 1000;
  }

  schedule(delay: number, fn: () => void): void {
    setTimeout(fn, Math.max(0, delay) * 1000);
  }
}
