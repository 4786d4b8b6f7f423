// Binding a port that may be busy for a while (EVT-03: the websocket server retries every second
// until it succeeds): try now, and after a failure try again every `retryMs` until it works or
// stop() is called. The first failure is logged as an error; later ones only at debug level, so a
// port held for an hour does not fill the log. Timers are injected so the schedule can be tested
// without waiting.

export interface RetryTimers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimers: RetryTimers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface BindRetryOptions<T> {
  /** Binds, or throws why it cannot. */
  bind(): T;
  retryMs: number;
  /** What is being bound, for the log: e.g. "websocket event publisher on 0.0.0.0:60001". */
  what: string;
  log(level: "error" | "info" | "debug", text: string): void;
  /** Called once, with what bind() returned. */
  onBound(bound: T): void;
  timers?: RetryTimers;
}

export class BindRetry<T> {
  readonly #o: BindRetryOptions<T>;
  readonly #timers: RetryTimers;
  #attempts = 0;
  #handle: unknown;
  #stopped = false;
  #bound = false;

  constructor(options: BindRetryOptions<T>) {
    this.#o = options;
    this.#timers = options.timers ?? realTimers;
  }

  /** Attempts made so far. */
  get attempts(): number {
    return this.#attempts;
  }

  get bound(): boolean {
    return this.#bound;
  }

  /**
   * First attempt, synchronously; returns whether it bound (if not, retries are scheduled).
   * @example new BindRetry({ bind: () => Bun.serve(cfg), retryMs: 1000, what, log, onBound }).start()
   */
  start(): boolean {
    this.#attempt();
    return this.#bound;
  }

  /** No more attempts. */
  stop(): void {
    this.#stopped = true;
    if (this.#handle !== undefined) this.#timers.clear(this.#handle);
    this.#handle = undefined;
  }

  #attempt(): void {
    this.#handle = undefined;
    if (this.#stopped || this.#bound) return;
    this.#attempts += 1;
    let bound: T;
    try {
      bound = this.#o.bind();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (this.#attempts === 1) {
        this.#o.log("error", `cannot bind ${this.#o.what}: ${reason}; retrying every ${this.#o.retryMs} ms`);
      } else {
        this.#o.log("debug", `bind attempt ${this.#attempts} of ${this.#o.what} failed: ${reason}`);
      }
      this.#handle = this.#timers.set(() => this.#attempt(), this.#o.retryMs);
      return;
    }
    this.#bound = true;
    if (this.#attempts > 1) this.#o.log("info", `${this.#o.what} bound after ${this.#attempts} attempts`);
    this.#o.onBound(bound);
  }
}
