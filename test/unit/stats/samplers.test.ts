// The /proc parsers and samplers on fixed file contents (no real /proc read), plus one check on
// this machine's own process.

import { describe, expect, test } from "bun:test";
import { fixedProcFiles, systemProcFiles } from "../../../src/stats/proc-files.ts";
import { procSampler } from "../../../src/stats/sampler.ts";
import { memoryPercent, parseDiskstats, parseMounts, parseNetDev, parseProcStat, sampleHost, usagePercent } from "../../../src/stats/sample-host.ts";
import { measurePageSize, parseStat, ProcessSampler } from "../../../src/stats/sample-process.ts";
import { cpuinfoMhz } from "../../../src/stats/host-facts.ts";

const STAT = "cpu  30 0 10 100 5 0 0 0 0 0\ncpu0 10 1 2 50 3 4 5 6 7 0\ncpu1 20 0 0 60 0 0 0 0 0 0\nintr 1 2\n";
const NETDEV =
  "Inter-|   Receive                                                |  Transmit\n" +
  " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n" +
  "    lo: 100 1 0 0 0 0 0 0 200 2 0 0 0 0 0 0\n" +
  "  eth0: 1000 1 0 0 0 0 0 0 2000 2 0 0 0 0 0 0\n";
const DISKSTATS = "   7       0 loop0 0 0 0 0 0 0 0 0 0 0 0\n 254       0 vda 10 0 4 0 5 0 8 0 0 0 0\n";
const MOUNTS = "proc /proc proc rw 0 0\n/dev/vda / ext4 rw 0 0\n/dev/vdb /my\\040data ext4 rw 0 0\ntmpfs /tmp tmpfs rw 0 0\n";

describe("host parsers", () => {
  test("/proc/stat: average first, work and idle parts", () => {
    expect(parseProcStat(STAT)).toEqual([
      { work: (10 + 1 + 2 + 4 + 5 + 6 + 20) / 2, idle: (53 + 60) / 2 },
      { work: 28, idle: 53 },
      { work: 20, idle: 60 },
    ]);
    expect(parseProcStat("")).toEqual([]);
  });
  test("memory %: total - available, 1 decimal", () => {
    expect(memoryPercent({ MemTotal: 3000, MemAvailable: 1000 })).toBe(66.7);
    expect(memoryPercent({})).toBe(0);
  });
  test("net dev, disk stats (idle devices left out), mounts of physical file systems", () => {
    expect(parseNetDev(NETDEV)).toEqual({ lo: [100, 200], eth0: [1000, 2000] });
    expect(parseDiskstats(DISKSTATS)).toEqual({ vda: [4 * 512, 8 * 512] });
    expect(parseMounts(MOUNTS, new Set(["ext4"]))).toEqual(["/", "/my data"]);
    expect(usagePercent({ bsize: 10, blocks: 100, bfree: 40, bavail: 20 })).toBe(75);
  });
  test("sampleHost: interfaces that are down are left out; missing files give empty parts", () => {
    const files = fixedProcFiles(
      {
        "/proc/stat": STAT, "/proc/meminfo": "MemTotal: 1000 kB\nMemAvailable: 750 kB\n", "/proc/net/dev": NETDEV,
        "/sys/class/net/lo/flags": "0x8\n", "/sys/class/net/eth0/flags": "0x1003\n", "/proc/diskstats": DISKSTATS,
        "/proc/filesystems": "nodev\tproc\n\text4\n", "/proc/mounts": MOUNTS,
      },
      { "/": { bsize: 1, blocks: 10, bfree: 5, bavail: 5 } },
    );
    const s = sampleHost(files, 42);
    expect(s).toMatchObject({ now: 42, mem: 25, netIo: { eth0: [1000, 2000] }, diskIo: { vda: [2048, 4096] }, diskUsage: { "/": 50 } });
    expect(s.cpu.length).toBe(3);
    expect(sampleHost(fixedProcFiles({}), 1)).toEqual({ now: 1, cpu: [], mem: 0, netIo: {}, diskIo: {}, diskUsage: {} });
  });
});

function stat(pid: number, ppid: number, utime: number, stime: number, rss: number, comm = "x"): string {
  return `${pid} (${comm}) S ${ppid} 1 1 0 -1 0 0 0 0 0 ${utime} ${stime} 0 0 20 0 1 0 5 100 ${rss} 0\n`;
}

describe("process sampler", () => {
  test("parseStat counts fields from the last ')'", () => {
    expect(parseStat(stat(7, 1, 12, 3, 25, "a) (b"))).toEqual({ ppid: 1, utime: 12, stime: 3, rssPages: 25 });
    expect(parseStat("garbage")).toBeNull();
  });
  const tree = {
    "/proc/10/stat": stat(10, 1, 100, 50, 10),
    "/proc/11/stat": stat(11, 10, 20, 30, 5),
    "/proc/12/stat": stat(12, 11, 1, 1, 1),
    "/proc/13/stat": stat(13, 1, 999, 999, 999),
  };
  test("without kernel children lists: ppid table, descendants summed", () => {
    const files = fixedProcFiles({ ...tree, "/proc/10/task/10/x": "", "/proc/11/task/11/x": "" });
    const sampler = new ProcessSampler(files, { clockTicks: 100, pageSize: 4096 });
    const round = sampler.round();
    expect(round.sample(10)).toEqual({ work: 2.02, rssBytes: 16 * 4096 });
    expect(sampler.kernelChildren).toBe(false);
    expect(round.sample(10, false)).toEqual({ work: 1.5, rssBytes: 10 * 4096 });
    expect(round.sample(99)).toBeNull();
  });
  test("with kernel children lists; a child gone in between no longer counts", () => {
    const files = fixedProcFiles({
      ...tree, "/proc/10/task/10/children": "11 14 ", "/proc/11/task/11/children": "", "/proc/14/task/14/children": "",
    });
    const sampler = new ProcessSampler(files, { clockTicks: 100, pageSize: 1024 });
    expect(sampler.round().sample(10)).toEqual({ work: 2, rssBytes: 15 * 1024 });
    expect(sampler.kernelChildren).toBe(true);
  });
  test("page size measured from /proc/self", () => {
    expect(measurePageSize(fixedProcFiles({ "/proc/self/statm": "100 50 3", "/proc/self/status": "VmRSS:\t  200 kB\n" }))).toBe(4096);
    expect(measurePageSize(fixedProcFiles({}))).toBe(4096);
  });
  test("this machine: our own process is found, a pid that does not exist gives null", () => {
    const sampler = procSampler(systemProcFiles());
    const [self, none] = sampler.processes([{ pid: process.pid, withChildren: true }, { pid: 2 ** 22 + 1, withChildren: false }]);
    // CPU time may still read 0 this early on some kernels (gVisor updates it in coarse steps).
    expect(self!.work).toBeGreaterThanOrEqual(0);
    expect(self!.rssBytes).toBeGreaterThan(1024 * 1024);
    expect(none).toBeNull();
    expect(sampler.cores()).toBeGreaterThan(0);
    expect(sampler.host(1).cpu.length).toBe(sampler.cores() + 1);
  });
});

describe("CPU frequency from /proc/cpuinfo", () => {
  test("the average of the `cpu MHz` lines, 0 without any", () => {
    const two = "processor\t: 0\ncpu MHz\t\t: 2596.122\n\nprocessor\t: 1\ncpu MHz\t\t: 2400.000\n";
    expect(cpuinfoMhz(two)).toBe(2498);
    expect(cpuinfoMhz("processor\t: 0\nmodel name\t: x\n")).toBe(0);
  });
});
