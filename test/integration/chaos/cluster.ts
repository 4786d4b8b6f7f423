// A cluster of compiled flotilla instances, one per network namespace of a chaos network, with
// the observer in the bridge namespace and a log of every fault done to it (faults.ts writes it).
//
//   const cluster = await startChaosCluster({ nicks: ["n1", "n2", "n3"], discovery: "multicast", tickPeriod: 0.2, inactivityTicks: 3 });
//   await cluster.formed();                       // every instance in OPERATION, one Master
//   await cluster.observer.call("n1", "supvisors.start_application", ["CONFIG", "ha_last", true]);
//   await cluster.destroy();                      // daemons, observer, namespaces, directories

import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FLOTILLA, requireBinary } from "../harness.ts";
import { CHAOS_PORT, writeInstanceConfig, type Discovery } from "./config.ts";
import { createNetwork, type ChaosHost, type ChaosNetwork } from "./netns.ts";
import { Observer, type ObserverOptions } from "./observer.ts";
import { programSections, rulesXml } from "./workload.ts";

/** Something done to the cluster, at epoch ms `t`. */
export interface FaultEvent {
  t: number;
  kind: "start" | "partition" | "heal" | "loss" | "loss-end" | "pause" | "resume" | "crash" | "kill-daemon" | "hogs" | "hogs-end";
  /** For network faults: how long after `t` the rules were in force in every namespace. */
  appliedMs?: number;
  /** The instances it touched (none for hogs). */
  nicks: string[];
  detail?: string;
}

export interface ChaosNode {
  nick: string;
  host: ChaosHost;
  /** `10.200.R.N:9001`, the Supvisors identifier. */
  identifier: string;
  dir: string;
  conf: string;
  /** The running daemon (replaced by a restart). */
  child: ChildProcess;
  pid: number;
  /** What the daemon printed on stdout and stderr, every launch. */
  output: string;
}

export interface ChaosClusterSpec {
  nicks: readonly string[];
  discovery: Discovery;
  tickPeriod: number;
  inactivityTicks: number;
  /** Extra lines of [supvisors]; conciliation INFANTICIDE by default. */
  supvisors?: string;
  observer?: ObserverOptions;
}

export interface ChaosCluster {
  net: ChaosNetwork;
  observer: Observer;
  nodes: readonly ChaosNode[];
  /** Every fault, in order, with the launches. */
  faults: FaultEvent[];
  /** The run's multicast group (a.b.c.d:port), used only in "multicast" discovery. */
  multicastGroup: string;
  /** When the cluster was created (epoch ms): reports count from it. */
  t0: number;
  node(nick: string): ChaosNode;
  /** The nick of a Supvisors identifier (10.200.R.N:9001), or the identifier itself. */
  nickOf(identifier: string): string;
  /** Launches the instance's daemon (again, after a crash) with the same configuration. */
  launch(nick: string): void;
  /** Waits until every instance answers, is in OPERATION, sees all RUNNING and names one Master; returns it. */
  formed(timeoutMs?: number): Promise<string>;
  /** Stops everything and removes every namespace, rule and directory, whatever happened. */
  destroy(): Promise<void>;
}

export async function startChaosCluster(spec: ChaosClusterSpec): Promise<ChaosCluster> {
  requireBinary();
  const net = await createNetwork(spec.nicks);
  const root = mkdtempSync(join(tmpdir(), "flotilla-chaos-"));
  const run = Number(net.subnet.split(".")[2]);
  const multicastGroup = `239.255.200.${run}:7777`;
  const rulesFile = join(root, "rules.xml");
  writeFileSync(rulesFile, rulesXml(spec.nicks));
  const faults: FaultEvent[] = [];
  const nodes: ChaosNode[] = net.hosts.map((host) => {
    const dir = mkdtempSync(join(root, `${host.nick}-`));
    const conf = writeInstanceConfig({
      dir,
      nick: host.nick,
      address: host.address,
      all: net.hosts,
      discovery: spec.discovery,
      multicastGroup,
      tickPeriod: spec.tickPeriod,
      inactivityTicks: spec.inactivityTicks,
      rulesFile,
      supvisors: spec.supvisors ?? "conciliation_strategy = INFANTICIDE",
      programs: programSections(dir),
    });
    return { nick: host.nick, host, identifier: `${host.address}:${CHAOS_PORT}`, dir, conf, child: null as unknown as ChildProcess, pid: 0, output: "" };
  });
  let observer: Observer | null = null;
  // Interrupted (the network turns signals into an exit): the directories go too.
  const removeRoot = () => {
    if (!process.env.CHAOS_KEEP) rmSync(root, { recursive: true, force: true });
  };
  process.on("exit", removeRoot);
  const cluster: ChaosCluster = {
    net,
    get observer(): Observer {
      if (!observer) throw new Error("the observer is not running");
      return observer;
    },
    nodes,
    faults,
    multicastGroup,
    t0: Date.now(),
    node(nick) {
      const found = nodes.find((n) => n.nick === nick);
      if (!found) throw new Error(`no instance ${nick} in the chaos cluster`);
      return found;
    },
    nickOf(identifier) {
      return nodes.find((n) => n.identifier === identifier)?.nick ?? identifier;
    },
    launch(nick) {
      const node = cluster.node(nick);
      const argv = net.inNs(node.host.ns, [FLOTILLA, "serve", "-c", node.conf]);
      const child = spawn(argv[0]!, argv.slice(1), { cwd: node.dir, stdio: ["ignore", "pipe", "pipe"], detached: true });
      child.stdout!.on("data", (d) => (node.output += d));
      child.stderr!.on("data", (d) => (node.output += d));
      node.child = child;
      node.pid = child.pid!;
      faults.push({ t: Date.now(), kind: "start", nicks: [nick] });
    },
    async formed(timeoutMs = 20_000) {
      return cluster.observer.until(
        "every instance in OPERATION, all RUNNING, one Master",
        () => {
          const latest = nodes.map((n) => cluster.observer.latestOk(n.nick));
          if (latest.some((s) => !s || s.fsm !== "OPERATION" || !s.master)) return null;
          if (latest.some((s) => nodes.some((n) => s!.instances?.[n.nick] !== "RUNNING"))) return null;
          const masters = new Set(latest.map((s) => s!.master));
          return masters.size === 1 ? [...masters][0]! : null;
        },
        timeoutMs,
      );
    },
    async destroy() {
      process.off("exit", removeRoot);
      const errors: string[] = [];
      try {
        await observer?.stop();
      } catch (err) {
        errors.push(String(err));
      }
      try {
        // Kills every daemon and every process it started (they live in the namespaces).
        await net.destroy();
      } catch (err) {
        errors.push(String(err));
      }
      // CHAOS_KEEP=1 keeps the configurations and logs of the run for a post-mortem.
      if (process.env.CHAOS_KEEP) {
        const samples = observer?.samples.map((x) => JSON.stringify(x)).join("\n") ?? "";
        writeFileSync(join(root, "run.json"), JSON.stringify({ t0: cluster.t0, faults }, null, 1));
        writeFileSync(join(root, "samples.jsonl"), samples);
        console.warn(`chaos run kept in ${root}`);
      }
      else rmSync(root, { recursive: true, force: true });
      if (errors.length > 0) throw new Error(errors.join("; "));
    },
  };
  try {
    observer = await Observer.start(
      net,
      nodes.map((n) => ({ nick: n.nick, url: `http://${n.identifier}` })),
      spec.observer,
    );
    for (const node of nodes) cluster.launch(node.nick);
  } catch (err) {
    await cluster.destroy().catch(() => undefined);
    throw err;
  }
  return cluster;
}
