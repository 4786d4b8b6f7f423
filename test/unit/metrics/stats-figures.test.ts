// Latest CPU (in cores) and memory (in bytes) from the statistics collector's histories, in IRIX
// and Solaris modes; nothing when process statistics are off or not sampled yet.

import { describe, expect, test } from "bun:test";
import { latestFigures, type StatsReader } from "../../../src/api/metrics/stats-figures.ts";

function reader(histories: Record<string, { cpu: number[]; mem: number[] }>, enabled = true, cores = 4) {
  const asked: number[] = [];
  const stats: StatsReader = {
    status: () => ({ processStats: enabled }),
    process: (namespec, period) => {
      asked.push(period);
      return histories[namespec] ?? null;
    },
    cores: () => cores,
  };
  return { stats, asked };
}

const GiB = 1024 ** 3;

describe("latestFigures", () => {
  test("IRIX mode: the last CPU % of one core / 100 = cores; memory % of the host in bytes; shortest period", () => {
    const { stats, asked } = reader({ "web:app": { cpu: [10, 150], mem: [1, 2.5] } });
    const f = latestFigures({ stats, periods: [60, 5, 600], irixMode: true, totalMemoryBytes: 8 * GiB });
    expect(f.figures("web:app")).toEqual({ cpuCores: 1.5, memoryBytes: Math.round(0.025 * 8 * GiB) });
    expect(asked).toEqual([5]);
  });

  test("Solaris mode: the collector divided by the core count, the metric multiplies back", () => {
    const { stats } = reader({ "web:app": { cpu: [37.5], mem: [0] } }, true, 4);
    const f = latestFigures({ stats, periods: [5], irixMode: false, totalMemoryBytes: GiB });
    expect(f.figures("web:app")).toEqual({ cpuCores: 1.5, memoryBytes: 0 });
  });

  test("nothing while process statistics are disabled, even with a history", () => {
    const { stats } = reader({ "web:app": { cpu: [10], mem: [1] } }, false);
    expect(latestFigures({ stats, periods: [5], irixMode: true, totalMemoryBytes: GiB }).figures("web:app")).toBeNull();
  });

  test("nothing for an unknown process, a history without a closed window, or no period", () => {
    const { stats } = reader({ "web:new": { cpu: [], mem: [] } });
    const f = latestFigures({ stats, periods: [5], irixMode: true, totalMemoryBytes: GiB });
    expect(f.figures("web:none")).toBeNull();
    expect(f.figures("web:new")).toBeNull();
    expect(latestFigures({ stats, periods: [], irixMode: true, totalMemoryBytes: GiB }).figures("web:new")).toBeNull();
  });
});
