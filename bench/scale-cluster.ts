// The cluster of the scale benchmark (issue 11): N Flotilla instances on 127.0.0.1, default ticks,
// each declaring the same PROGRAMS programs in four applications of one rules file, all
// `/bin/sleep` with autostart=false, so the cluster is idle until the benchmark starts `app90`:
//   - app90: 90 processes, start_sequence 1, expected_loading 1 (LESS_LOADED spreads them);
//   - big: BIG processes (its application page is the large one);
//   - mid and small: the rest.
// Daemons are started with lib/daemon.ts: every process of a run carries its marker and is killed
// by the stop, or by the daemon's exit handler on Ctrl-C.

import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { nickFor, supvisorsSection, DEFAULT_TICKS } from "./lib/cluster.ts";
import { patternApplication, startDaemon, stopAll, type RunningDaemon } from "./lib/daemon.ts";
import type { BenchContext } from "./lib/harness.ts";
import { RpcClient } from "./lib/rpc.ts";
import { configText, freePort } from "./lib/workdir.ts";

export const START_APP = "app90";
export const START_COUNT = 90;
export const BIG_APP = "big";

/** Application → processes per instance; 1 000 in all. */
export const APPS: Readonly<Record<string, number>> = { app90: START_COUNT, big: 810, mid: 90, small: 10 };
export const PROGRAMS = Object.values(APPS).reduce((a, b) => a + b, 0);

export interface ScaleNode {
  nick: string;
  port: number;
  daemon: RunningDaemon;
  rpc: RpcClient;
}

export interface ScaleCluster {
  nodes: ScaleNode[];
  launchedAt: number;
  stop(): Promise<void>;
}

function rulesText(): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<root>${Object.keys(APPS).map(patternApplication).join("")}\n</root>\n`;
}

function programsText(logs: string): string {
  return Object.entries(APPS)
    .map(([name, n]) =>
      [
        `[program:${name}]`,
        "command=/bin/sleep 100000",
        "startsecs=0",
        "autostart=false",
        "autorestart=false",
        "process_name=%(program_name)s_%(process_num)03d",
        `numprocs=${n}`,
        `stdout_logfile=${logs}/%(program_name)s-%(process_num)03d.out`,
        `stderr_logfile=${logs}/%(program_name)s-%(process_num)03d.err`,
        "",
      ].join("\n"),
    )
    .join("\n");
}

export async function launchScaleCluster(ctx: BenchContext, size: number): Promise<ScaleCluster> {
  const ports: number[] = [];
  while (ports.length < size) {
    const port = await freePort();
    if (!ports.includes(port)) ports.push(port);
  }
  const list = ports.map((port, i) => `<${nickFor(i)}>127.0.0.1:${port}`).join(",");
  const root = mkdtempSync(join(ctx.root, `scale${size}-`));
  const rules = join(root, "rules.xml");
  writeFileSync(rules, rulesText());
  const configs = ports.map((port, i) => {
    const nick = nickFor(i);
    const dir = join(root, nick);
    const logs = join(dir, "logs");
    mkdirSync(logs, { recursive: true });
    const conf = join(dir, "supervisord.conf");
    const base = configText({ dir, port, programs: 0, autostart: false });
    writeFileSync(conf, `${base}\n${programsText(logs)}\n${supvisorsSection(list, DEFAULT_TICKS)}rules_files = ${rules}\n`);
    return { nick, port, dir, conf };
  });
  const launchedAt = performance.now();
  const settled = await Promise.allSettled(
    configs.map((c) => startDaemon({ kind: "flotilla", binaries: ctx.binaries, configPath: c.conf, dir: c.dir, port: c.port, readyTimeoutMs: 60_000 })),
  );
  const nodes: ScaleNode[] = [];
  settled.forEach((s, i) => {
    if (s.status === "fulfilled") nodes.push({ nick: configs[i]!.nick, port: configs[i]!.port, daemon: s.value, rpc: new RpcClient(configs[i]!.port, "keepalive") });
  });
  const stop = async (): Promise<void> => {
    for (const n of nodes) n.rpc.close();
    await stopAll("cluster", nodes.map((n) => n.daemon));
  };
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failure) {
    await stop();
    throw new Error(`scale cluster of ${size}: an instance did not start: ${String(failure.reason)}`);
  }
  return { nodes, launchedAt, stop };
}
