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
import { command } from "./command.ts";
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

function nft(cluster: ChaosCluster, ns: string, ...args: string[]): void {
  firewall(cluster, ns);
  command(cluster.net.inNs(ns, ["nft", ...args]));
}

/**
 * Loads every namespace's table before a fault is timed: a fault then costs one `nft` run per
 * namespace (tens of milliseconds under load), and its time in the log is when it began.
 */
function armed(cluster: ChaosCluster): number {
  for (const node of cluster.nodes) firewall(cluster, node.host.ns);
  return Date.now();
}

/** Drops `percent` % of what reaches instance `nick` from its peers (0 removes the loss). */
export function setLoss(cluster: ChaosCluster, nicks: readonly string[], percent: number): void {
  const t = armed(cluster);
  for (const nick of nicks) {
    const ns = cluster.node(nick).host.ns;
    nft(cluster, ns, "flush", "chain", "inet", CHAOS_TABLE, "loss");
    if (percent > 0) nft(cluster, ns, "add", "rule", "inet", CHAOS_TABLE, "loss", "numgen", "random", "mod", "100", "lt", String(percent), "counter", "drop");
  }
  cluster.faults.push({ t, kind: percent > 0 ? "loss" : "loss-end", nicks: [...nicks], detail: `${percent} %` });
}

/** Packets the loss rule of `nick` dropped so far (its counter; 0 when there is no rule). */
export function droppedByLoss(cluster: ChaosCluster, nick: string): number {
  const ns = cluster.node(nick).host.ns;
  firewall(cluster, ns);
  const text = command(cluster.net.inNs(ns, ["nft", "list", "chain", "inet", CHAOS_TABLE, "loss"]));
  return Number(/counter packets (\d+)/.exec(text)?.[1] ?? 0);
}

/** Cuts the network into `sides` (every instance in exactly one side; each side sees only itself). */
export function partition(cluster: ChaosCluster, sides: readonly (readonly string[])[]): void {
  const t = armed(cluster);
  for (const side of sides) {
    const others = cluster.nodes.filter((n) => !side.includes(n.nick)).map((n) => n.host.address);
    if (others.length === 0) continue;
    for (const nick of side) {
      nft(cluster, cluster.node(nick).host.ns, "add", "rule", "inet", CHAOS_TABLE, "cut", "ip", "saddr", `{ ${others.join(", ")} }`, "drop");
    }
  }
  cluster.faults.push({ t, kind: "partition", nicks: sides.flat(), detail: sides.map((s) => s.join("+")).join(" | ") });
}

/** Deletes every partition rule. */
export function heal(cluster: ChaosCluster): void {
  const t = armed(cluster);
  for (const node of cluster.nodes) nft(cluster, node.host.ns, "flush", "chain", "inet", CHAOS_TABLE, "cut");
  cluster.faults.push({ t, kind: "heal", nicks: cluster.nodes.map((n) => n.nick) });
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
