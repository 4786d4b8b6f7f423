// The integration window of one period, shared by the host and process compilers: the first sample
// becomes the reference; a sample at least `period` seconds after the reference closes a window
// and becomes the next reference. Times are published relative to the first sample.

/** A closed window: its reference sample, its length and its bounds since the first sample. */
export interface ClosedWindow<S> {
  ref: S;
  duration: number;
  /** [reference time, sample time], both relative to the first sample. */
  period: [number, number];
}

export class PeriodWindow<S extends { now: number }> {
  #ref: S | null = null;
  #start = 0;

  constructor(readonly period: number) {}

  /**
   * Takes one sample; returns the window it closes, or null (first sample, period not reached).
   * @example const w = new PeriodWindow(10); w.close({ now: 0 }); w.close({ now: 12 }) // { ref: { now: 0 }, duration: 12, period: [0, 12] }
   */
  close(sample: S): ClosedWindow<S> | null {
    const ref = this.#ref;
    if (ref === null) {
      this.#ref = sample;
      this.#start = sample.now;
      return null;
    }
    const duration = sample.now - ref.now;
    if (duration < this.period) return null;
    this.#ref = sample;
    return { ref, duration, period: [ref.now - this.#start, sample.now - this.#start] };
  }
}
