// A description of the machine and the software under test, printed with the results so that a
// table never travels without the conditions it was measured in.

import { readFileSync } from "node:fs";
import { cpus, totalmem, release, loadavg } from "node:os";

function firstLine(cmd: string[]): string {
  const out = Bun.spawnSync(cmd, { stdout: "pipe", stderr: "pipe" });
  const text = `${out.stdout.toString()}${out.stderr.toString()}`.trim();
  return text.split("\n")[0] ?? "";
}

/** Mount point and type of the filesystem holding `path` (from `df -T`). */
export function filesystemOf(path: string): string {
  const out = Bun.spawnSync(["df", "-T", path], { stdout: "pipe" }).stdout.toString().trim().split("\n");
  const fields = (out[1] ?? "").split(/\s+/);
  return `${fields[6] ?? "?"} (${fields[1] ?? "?"})`;
}

export function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
}

/** Markdown bullet lines describing the machine. */
export function machineDescription(binaries: { flotilla: string; supervisord: string }, tmp: string): string[] {
  const model = /^model name\s*:\s*(.*)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? "unknown";
  return [
    `- CPU: ${cpus().length} × ${model}`,
    `- memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB; kernel ${release()}`,
    `- Bun ${Bun.version} (benchmark client); Flotilla: ${firstLine([binaries.flotilla, "version"])}`,
    `- supervisord ${firstLine([binaries.supervisord, "--version"])} (${firstLine(["python3", "--version"])})`,
    `- temp dir (config, logs): ${tmp} on ${filesystemOf(tmp)}`,
    `- load average at start: ${loadAverage()}`,
  ];
}
