// The sampler the collector drives: one interface over the host and process adapters, so the
// collector can be tested with hand-written samples and run for real on /proc.

import * as os from "node:os";
import { systemProcFiles, type ProcFiles } from "./proc-files.ts";
import { parseMeminfo, parseProcStat, sampleHost } from "./sample-host.ts";
import { ProcessSampler, type ProcessFigures, type ProcessSamplerOptions } from "./sample-process.ts";
import type { HostSample } from "./types.ts";

export interface ProcessRequest {
  pid: number;
  withChildren: boolean;
}

export interface StatsSampler {
  /** One host sample taken at `now`; never throws. */
  host(now: number): HostSample;
  /** Figures for each request in order, null where the process is gone; never throws. */
  processes(requests: readonly ProcessRequest[]): (ProcessFigures | null)[];
  /** Physical memory in bytes (the base of process memory %). */
  memoryBytes(): number;
  /** Logical processors (the divisor of Solaris mode). */
  cores(): number;
}

/** The sampler of this machine (or of the given files, for tests). */
export function procSampler(files: ProcFiles = systemProcFiles(), options: ProcessSamplerOptions = {}): StatsSampler {
  const processSampler = new ProcessSampler(files, options);
  const memKb = parseMeminfo(files.read("/proc/meminfo") ?? "")["MemTotal"];
  const memoryBytes = memKb !== undefined && memKb > 0 ? memKb * 1024 : os.totalmem();
  // The first entry of parseProcStat is the average, the others the processors.
  const cores = Math.max(1, parseProcStat(files.read("/proc/stat") ?? "").length - 1 || os.cpus().length);
  return {
    host: (now) => sampleHost(files, now),
    processes(requests) {
      const round = processSampler.round();
      return requests.map((r) => {
        try {
          return round.sample(r.pid, r.withChildren);
        } catch {
          return null;
        }
      });
    },
    memoryBytes: () => memoryBytes,
    cores: () => cores,
  };
}
