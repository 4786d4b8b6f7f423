// Faults done to a chaos cluster, each written in its fault log with the time it took effect:
//   - packet loss: `numgen random mod 100 < N drop` on the input of an instance's namespace
//     (traffic from the observer and over loopback exempt, so the observer's view stays clear);
//   - partition: in every namespace, input from the addresses of the other side dropped (peer
//     frames and multicast datagrams alike); heal: those rules deleted;
//   - pause / resume: SIGSTOP / SIGCONT of a daemon (its processes keep running);
//   - crash: SIGKILL of every process of the instance's namespace (the daemon and its processes:
//     the node is gone), relaunch with the same configuration through cluster.launch;
//   - CPU hogs: busy shell loops on the host, bounded by `timeout` whatever happens to the test.
// Every rule lives in one nftables table per namespace, deleted with the namespace at teardown.

import { spawn, type ChildProcess } from "node:child_process";
import type { ChaosCluster } from "./cluster.ts";
import { command, commandAsync } from "./command.ts";
import { CHAOS_TABLE, pidsIn } from "./netns.ts";

const prepared = new WeakMap<ChaosCluster, Set<string>>();

/** The table of namespace `ns`: chains `loss` and `cut` jumped to from the input hook. */
function firewall(cluster: ChaosCluster, ns: string): void {
  const done = prepared.get(cluster) ?? new Set<string>();
  prepared.set(cluster, done);
  if (done.has(ns)) return;
  const rules = `
table inet ${CHAOS_TABLE} {
  chain loss { }
  chain cut { }
  chain input {
    type filter hook input priority 0; policy accept;
    iifname "lo" accept
    ip saddr ${cluster.net.observerAddress} accept
    jump cut
    jump loss
  }
}
`;
  command(cluster.net.inNs(ns, ["nft", "-f", "-"]), rules);
  done.add(ns);
}

/**
 * Runs one nft script per namespace (each one transaction), all at once, the tables loaded
 * beforehand: the fault begins at the returned `t` and is in force everywhere `appliedMs` later
 * (tens of milliseconds, more under load).
 */
async function nftTogether(cluster: ChaosCluster, scripts: readonly [ns: string, script: string][]): Promise<{ t: number; appliedMs: number }> {
  for (const [ns] of scripts) firewall(cluster, ns);
  const t = Date.now();
  await Promise.all(scripts.map(([ns, script]) => commandAsync(cluster.net.inNs(ns, ["nft", "-f", "-"]), script)));
  return { t, appliedMs: Date.now() - t };
}

/** Drops `percent` % of what reaches each of `nicks` from its peers (0 removes the loss). */
export async function setLoss(cluster: ChaosCluster, nicks: readonly string[], percent: number): Promise<void> {
  const rule = percent > 0 ? `add rule inet ${CHAOS_TABLE} loss numgen random mod 100 lt ${percent} counter drop\n` : "";
  const { t, appliedMs } = await nftTogether(cluster, nicks.map((nick) => [cluster.node(nick).host.ns, `flush chain inet ${CHAOS_TABLE} loss\n${rule}`]));
  cluster.faults.push({ t, appliedMs, kind: percent > 0 ? "loss" : "loss-end", nicks: [...nicks], detail: `${percent} %` });
}

/** Packets the loss rule of `nick` dropped so far (its counter; 0 when there is no rule). */
export function droppedByLoss(cluster: ChaosCluster, nick: string): number {
  const ns = cluster.node(nick).host.ns;
  firewall(cluster, ns);
  const text = command(cluster.net.inNs(ns, ["nft", "list", "chain", "inet", CHAOS_TABLE, "loss"]));
  return Number(/counter packets (\d+)/.exec(text)?.[1] ?? 0);
}

/** Cuts the network into `sides` (every instance in exactly one side; each side sees only itself). */
export async function partition(cluster: ChaosCluster, sides: readonly (readonly string[])[]): Promise<void> {
  const scripts: [string, string][] = [];
  for (const side of sides) {
    const others = cluster.nodes.filter((n) => !side.includes(n.nick)).map((n) => n.host.address);
    if (others.length === 0) continue;
    for (const nick of side) scripts.push([cluster.node(nick).host.ns, `add rule inet ${CHAOS_TABLE} cut ip saddr { ${others.join(", ")} } drop\n`]);
  }
  const { t, appliedMs } = await nftTogether(cluster, scripts);
  cluster.faults.push({ t, appliedMs, kind: "partition", nicks: sides.flat(), detail: sides.map((s) => s.join("+")).join(" | ") });
}

/** Deletes every partition rule. */
export async function heal(cluster: ChaosCluster): Promise<void> {
  const { t, appliedMs } = await nftTogether(cluster, cluster.nodes.map((n) => [n.host.ns, `flush chain inet ${CHAOS_TABLE} cut\n`]));
  cluster.faults.push({ t, appliedMs, kind: "heal", nicks: cluster.nodes.map((n) => n.nick) });
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone.
  }
}

export function pause(cluster: ChaosCluster, nick: string): void {
  const t = Date.now();
  signal(cluster.node(nick).pid, "SIGSTOP");
  cluster.faults.push({ t, kind: "pause", nicks: [nick] });
}

export function resume(cluster: ChaosCluster, nick: string): void {
  const t = Date.now();
  signal(cluster.node(nick).pid, "SIGCONT");
  cluster.faults.push({ t, kind: "resume", nicks: [nick] });
}

/** The whole node dies: its daemon first (so it reports no process exit), then every other process. */
export function crash(cluster: ChaosCluster, nick: string): void {
  const node = cluster.node(nick);
  const t = Date.now();
  signal(node.pid, "SIGKILL");
  for (const pid of pidsIn(node.host.ns)) signal(pid, "SIGKILL");
  cluster.faults.push({ t, kind: "crash", nicks: [nick] });
}

/** kill -9 of the daemon alone: its processes survive, orphaned. */
export function killDaemon(cluster: ChaosCluster, nick: string): void {
  const t = Date.now();
  signal(cluster.node(nick).pid, "SIGKILL");
  cluster.faults.push({ t, kind: "kill-daemon", nicks: [nick] });
}

export interface Hogs {
  stop(): void;
}

/** `count` busy loops on the host for at most `seconds` (also if this process dies). */
export function cpuHogs(cluster: ChaosCluster | null, count: number, seconds: number): Hogs {
  const children: ChildProcess[] = [];
  for (let i = 0; i < count; i++) {
    children.push(spawn("timeout", ["-s", "KILL", String(seconds), "sh", "-c", "while :; do :; done"], { stdio: "ignore" }));
  }
  cluster?.faults.push({ t: Date.now(), kind: "hogs", nicks: [], detail: `${count} × ${seconds} s` });
  let stopped = false;
  return {
    // SIGTERM, not SIGKILL: timeout passes it on to its loop (a killed timeout would orphan it).
    stop() {
      if (stopped) return;
      stopped = true;
      for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      cluster?.faults.push({ t: Date.now(), kind: "hogs-end", nicks: [] });
    },
  };
}
