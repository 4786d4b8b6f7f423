// The statistics layer's public face: host and process samplers (adapters over /proc and
// systeminformation), the pure period compilers and series summary, and the collector.

export { HostCompiler, HostPeriodCompiler, cpuPercents, ioRates } from "./compile-host.ts";
export { ProcessCompiler, processCpuPercent } from "./compile-process.ts";
export {
  SELF_NAMESPEC,
  StatsCollector,
  systemClock,
  systemTimer,
  type CollectedProcess,
  type CompiledStats,
  type StatsClock,
  type StatsCollectorOptions,
  type StatsStatus,
  type StatsTimer,
} from "./collector.ts";
export { formatFrequency, formatMemory, readFrequencyMhz, readHostFacts, type HostFacts } from "./host-facts.ts";
export { fixedProcFiles, systemProcFiles, type FsUsage, type ProcFiles } from "./proc-files.ts";
export { procSampler, type ProcessRequest, type StatsSampler } from "./sampler.ts";
export { sampleHost } from "./sample-host.ts";
export { ProcessSampler, type ProcessFigures } from "./sample-process.ts";
export { STABLE_RATE, linearRegression, summary, trendOf, type SeriesSummary, type Trend } from "./summary.ts";
export type * from "./types.ts";
