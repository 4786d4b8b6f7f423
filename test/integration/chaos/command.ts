// Runs the system commands of the chaos tests (`ip`, `nft`, `kill`): synchronously, each with a
// deadline, throwing an Error that carries the command line and its stderr when it fails.

import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

export interface CommandResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** Runs `argv` and returns its output whatever its exit code (null code: killed by the deadline). */
export function tryCommand(argv: readonly string[], input?: string, timeoutMs = 10_000): CommandResult {
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: "utf8", input, timeout: timeoutMs });
  if (r.error) return { stdout: "", stderr: String(r.error.message), code: -1 };
  return { stdout: r.stdout ?? "", stderr: r.stderr ?? "", code: r.status ?? -1 };
}

/** Runs `argv`; throws naming the command and its stderr unless it exits 0. */
export function command(argv: readonly string[], input?: string, timeoutMs = 10_000): string {
  const r = tryCommand(argv, input, timeoutMs);
  if (r.code !== 0) throw new Error(`\`${argv.join(" ")}\` failed (${r.code}): ${r.stderr.trim() || r.stdout.trim()}`);
  return r.stdout;
}

/** The first directory of PATH (plus the sbin ones, where Debian puts ip and nft) holding `name`. */
export function which(name: string): string | null {
  const dirs = [...(process.env.PATH ?? "").split(":"), "/usr/sbin", "/sbin"];
  for (const dir of dirs) {
    if (dir && existsSync(`${dir}/${name}`)) return `${dir}/${name}`;
  }
  return null;
}

/** Runs `argv` without blocking (several at once); rejects naming the command and its stderr unless it exits 0. */
export function commandAsync(argv: readonly string[], input?: string, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ["pipe", "pipe", "pipe"], timeout: timeoutMs });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(stdout) : reject(new Error(`\`${argv.join(" ")}\` failed (${code}): ${stderr.trim()}`))));
    child.stdin.end(input ?? "");
  });
}
