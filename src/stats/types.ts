// The shapes the statistics layer passes around: raw cumulative samples as the samplers read them,
// and the per-period figures the compilers derive (EVT-18/19 payloads). Raw counters stay
// cumulative so a missed sample only widens the next integration window instead of losing data.

/** Cumulative CPU time of one processor (any unit, only ratios are used): busy and idle parts. */
export interface Jiffies {
  work: number;
  idle: number;
}

/** One host sample, every counter cumulative since boot except `mem` and `diskUsage`. */
export interface HostSample {
  /** Monotonic seconds when the sample was taken. */
  now: number;
  /** Index 0: the average of all processors; then one entry per processor. */
  cpu: Jiffies[];
  /** Used memory, % of the total (total - available). */
  mem: number;
  /** Per active network interface: [received bytes, sent bytes]. */
  netIo: Record<string, [number, number]>;
  /** Per block device: [read bytes, written bytes]. */
  diskIo: Record<string, [number, number]>;
  /** Per mount point: used % of the space a user may use. */
  diskUsage: Record<string, number>;
}

/** One process sample: the process and its descendants summed. */
export interface ProcessSample {
  now: number;
  pid: number;
  /** utime + stime in seconds, process and descendants. */
  work: number;
  /** RSS as % of the host memory, process and descendants. */
  mem: number;
}

/** EVT-18 payload: host figures over one integration window of one period. */
export interface HostStatsEvent {
  identifier: string;
  now_monotonic: number;
  target_period: number;
  /** [start, end] of the window, seconds since this series' first sample. */
  period: [number, number];
  /** [average, cpu0, cpu1, ...] in %. */
  cpu: number[];
  mem: number;
  /** kbit/s: [rx, tx]. */
  net_io: Record<string, [number, number]>;
  /** kbit/s: [read, write]. */
  disk_io: Record<string, [number, number]>;
  disk_usage: Record<string, number>;
}

/** EVT-19 payload: process figures over one window; cpu in % of one core (IRIX). */
export interface ProcessStatsEvent {
  namespec: string;
  identifier: string;
  pid: number;
  now_monotonic: number;
  target_period: number;
  period: [number, number];
  cpu: number;
  mem: number;
}

/** A series whose keys may come and go (network interfaces, devices, mounts), with its own times. */
export interface TimedSeries {
  times: number[];
  /** One list per value kind: [rx, tx], [read, write] or [usage]. */
  values: number[][];
}

/** Read-only view of the host history of one period. */
export interface HostHistory {
  period: number;
  /** End of each window, seconds since the first sample. */
  times: number[];
  /** cpu[0] is the average series, cpu[i + 1] processor i. */
  cpu: number[][];
  mem: number[];
  netIo: Record<string, TimedSeries>;
  diskIo: Record<string, TimedSeries>;
  diskUsage: Record<string, TimedSeries>;
}

/** Read-only view of one process history of one period. */
export interface ProcessHistory {
  namespec: string;
  pid: number;
  period: number;
  times: number[];
  /** % of one core (IRIX) or of the whole host (Solaris), as the collector was asked. */
  cpu: number[];
  mem: number[];
}
