// Time as the process runner sees it: a wall clock in ms and one-shot timers at absolute times.
// Injected so that tests drive the runner with a virtual clock instead of sleeping.

export interface Clock {
  /** Milliseconds since the epoch (wall time, reported as start/stop times by the API). */
  now(): number;
  /** Calls `fn` once at or after time `at` (ms); returns a function that cancels the timer. */
  setTimer(at: number, fn: () => void): () => void;
}

// setTimeout fires at once for delays above 2^31-1 ms, so long waits are chained.
const MAX_TIMEOUT = 2 ** 31 - 1;

/** The real clock: Date.now and setTimeout. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(at: number, fn: () => void): () => void {
    let handle: ReturnType<typeof setTimeout> | null = null;
    const arm = (): void => {
      const wait = at - Date.now();
      if (wait > MAX_TIMEOUT) {
        handle = setTimeout(arm, MAX_TIMEOUT);
      } else {
        handle = setTimeout(() => {
          handle = null;
          fn();
        }, Math.max(0, wait));
      }
    };
    arm();
    return () => {
      if (handle !== null) clearTimeout(handle);
      handle = null;
    };
  },
};
