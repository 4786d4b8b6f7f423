// A write asked for often (the child records, after each spawn) done at most once per `minGapMs`:
// at the end of the turn when the last write is old enough, else when the gap is over. Spawns
// spread over many turns (the sliced start queue) would otherwise rewrite the file once per turn,
// 90 renames for an application of 90 processes placed here, each slow when the disk is busy.

export interface CoalesceOptions {
  minGapMs: number;
  /** Milliseconds, monotonic. */
  now?: () => number;
  /** At the end of this turn. */
  soon?: (fn: () => void) => void;
  /** After `ms`; returns a cancel function. */
  after?: (fn: () => void, ms: number) => () => void;
}

export class CoalescedWrite {
  readonly #write: () => void;
  readonly #gap: number;
  readonly #now: () => number;
  readonly #soon: (fn: () => void) => void;
  readonly #after: (fn: () => void, ms: number) => () => void;
  #lastWrite = -Infinity;
  #pending = false;
  #cancel: (() => void) | null = null;

  constructor(write: () => void, opts: CoalesceOptions) {
    this.#write = write;
    this.#gap = opts.minGapMs;
    this.#now = opts.now ?? (() => performance.now());
    this.#soon = opts.soon ?? queueMicrotask;
    this.#after =
      opts.after ??
      ((fn, ms) => {
        const t = setTimeout(fn, ms);
        // A pending rewrite must not keep a stopping daemon alive; the shutdown writes anyway.
        (t as { unref?: () => void }).unref?.();
        return () => clearTimeout(t);
      });
  }

  /** A write is due: done at the end of this turn, or once `minGapMs` passed since the last one. */
  request(): void {
    if (this.#pending) return;
    this.#pending = true;
    const wait = this.#lastWrite + this.#gap - this.#now();
    if (wait <= 0) this.#soon(() => this.#due());
    else this.#cancel = this.#after(() => this.#due(), wait);
  }

  /**
   * Writes at once (start, shutdown), dropping any pending one. It does not start a gap: the first
   * request after it still writes at the end of its turn (the autostart right after the daemon's
   * first write must be on disk before anyone can kill the daemon).
   */
  writeNow(): void {
    this.cancel();
    this.#write();
  }

  /** Drops a pending write (the file is being removed). */
  cancel(): void {
    this.#cancel?.();
    this.#cancel = null;
    this.#pending = false;
  }

  #due(): void {
    if (!this.#pending) return;
    this.#cancel = null;
    this.#pending = false;
    this.#lastWrite = this.#now();
    this.#write();
  }
}
