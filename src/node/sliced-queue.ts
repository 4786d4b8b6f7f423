// Work items run in order, in slices of at most `budgetMs` of one event-loop turn: what fits runs
// at once (a lone order costs no extra turn), the rest waits for a later turn (setImmediate), so
// that timers, heartbeats and peer frames are served between slices. Local start orders go through
// one: a spawn takes 2 ms on a quiet host but 12–20 ms under contention, so that 17 in one go held
// a loop for ~300 ms (platform notes), and an application of 90 placed here several times that.

export interface SliceOptions {
  budgetMs?: number;
  /** Milliseconds, monotonic. */
  now?: () => number;
  /** Runs `fn` in a later turn of the event loop. */
  later?: (fn: () => void) => void;
  /** Runs `fn` once the code of this turn is done (a microtask): the slice's time is counted per turn. */
  endOfTurn?: (fn: () => void) => void;
  /** A task that throws is reported here; the queue goes on with the next. */
  onError?: (error: unknown) => void;
}

export class SlicedQueue {
  readonly #tasks: (() => void)[] = [];
  readonly #budget: number;
  readonly #now: () => number;
  readonly #later: (fn: () => void) => void;
  readonly #onError: (error: unknown) => void;
  readonly #endOfTurn: (fn: () => void) => void;
  /** When this turn's slice began; null outside a slice. Several pushes in one turn share it. */
  #sliceStart: number | null = null;
  #draining = false;
  #resumeScheduled = false;
  #closed = false;

  constructor(opts: SliceOptions = {}) {
    this.#budget = opts.budgetMs ?? 10;
    this.#now = opts.now ?? (() => performance.now());
    this.#later = opts.later ?? ((fn) => void setImmediate(fn));
    this.#onError = opts.onError ?? (() => {});
    this.#endOfTurn = opts.endOfTurn ?? queueMicrotask;
  }

  /** Tasks waiting for a later slice. */
  get pending(): number {
    return this.#tasks.length;
  }

  push(task: () => void): void {
    if (this.#closed) return;
    this.#tasks.push(task);
    // Inside a running task (re-entrance) or while a later slice is due: that slice takes it.
    if (!this.#draining && !this.#resumeScheduled) this.#drain();
  }

  /** Drops what waits; later pushes are ignored. */
  close(): void {
    this.#closed = true;
    this.#tasks.length = 0;
  }

  #drain(): void {
    if (this.#sliceStart === null) {
      this.#sliceStart = this.#now();
      this.#endOfTurn(() => (this.#sliceStart = null));
    }
    this.#draining = true;
    try {
      while (this.#tasks.length > 0) {
        if (this.#now() - this.#sliceStart >= this.#budget) {
          this.#resumeScheduled = true;
          this.#later(() => {
            this.#resumeScheduled = false;
            // A new turn: a new slice.
            this.#sliceStart = null;
            if (!this.#closed) this.#drain();
          });
          return;
        }
        const task = this.#tasks.shift()!;
        try {
          task();
        } catch (error) {
          this.#onError(error);
        }
      }
    } finally {
      this.#draining = false;
    }
  }
}
