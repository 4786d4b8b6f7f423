// The test network of the chaos tests: one network namespace per instance, each with a veth pair
// into a bridge that lives in a namespace of its own (multicast snooping off, so every datagram of
// the group reaches every port). Addresses 10.200.<run>.N exist only inside those namespaces; the
// bridge namespace holds 10.200.<run>.254, the observer's address. Nothing is added to the host's
// own namespace, so no test traffic can leave the machine.
//
// Names carry this process's pid (`flc-<pid>-<run>-n1`): a run that died without tearing down is
// recognised by the next one (its pid is gone) and removed; a concurrent run is left alone.
//
//   const net = createNetwork(["n1", "n2", "n3"]);
//   spawn(...net.inNs(net.host("n1").ns, ["dist/flotilla", "serve", "-c", conf]));
//   await net.destroy();

import { command, tryCommand } from "./command.ts";

/** Where an instance lives. */
export interface ChaosHost {
  nick: string;
  /** Its network namespace. */
  ns: string;
  /** Its only address (on its veth), 10.200.<run>.N. */
  address: string;
}

export interface ChaosNetwork {
  /** Prefix of every namespace of this run. */
  prefix: string;
  /** The first three octets of the run's subnet, e.g. `10.200.42`. */
  subnet: string;
  /** The namespace holding the bridge and the observer. */
  bridgeNs: string;
  /** The bridge's address, from which the observer talks to every instance. */
  observerAddress: string;
  hosts: readonly ChaosHost[];
  host(nick: string): ChaosHost;
  /** `argv` run inside namespace `ns` (`ip netns exec` execs it: the pid is the command's own). */
  inNs(ns: string, argv: readonly string[]): string[];
  /** Kills every process left in the namespaces, removes their firewall tables and the namespaces. */
  destroy(): Promise<void>;
}

const PREFIX = "flc-";
/** The nftables table every fault of faults.ts lives in (removed with it at teardown). */
export const CHAOS_TABLE = "flotilla_chaos";

function namespaces(): string[] {
  return command(["ip", "netns", "list"])
    .split("\n")
    .map((line) => line.split(" ")[0]!)
    .filter(Boolean);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function pidsIn(ns: string): number[] {
  return tryCommand(["ip", "netns", "pids", ns])
    .stdout.split("\n")
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
}

function signalAll(ns: string, signal: NodeJS.Signals): void {
  for (const pid of pidsIn(ns)) {
    try {
      process.kill(pid, signal);
    } catch {
      // Gone meanwhile.
    }
  }
}

/** Empties namespace `ns` (SIGCONT then SIGKILL to every process in it) and deletes it. */
async function removeNamespace(ns: string): Promise<string | null> {
  signalAll(ns, "SIGCONT");
  const deadline = Date.now() + 5_000;
  while (pidsIn(ns).length > 0) {
    signalAll(ns, "SIGKILL");
    if (Date.now() > deadline) return `${ns}: processes ${pidsIn(ns).join(", ")} survived SIGKILL`;
    await new Promise((r) => setTimeout(r, 20));
  }
  tryCommand(["ip", "netns", "exec", ns, "nft", "delete", "table", "inet", CHAOS_TABLE]);
  const del = tryCommand(["ip", "netns", "del", ns]);
  return del.code === 0 ? null : `ip netns del ${ns}: ${del.stderr.trim()}`;
}

/** The same, synchronously, for process exit (an interrupted run): no wait, SIGKILL at once. */
function removeNamespaceNow(ns: string): void {
  for (let round = 0; round < 3 && pidsIn(ns).length > 0; round++) signalAll(ns, "SIGKILL");
  tryCommand(["ip", "netns", "del", ns]);
}

/** Removes the namespaces of earlier runs whose process is gone. */
async function removeStale(): Promise<void> {
  for (const ns of namespaces()) {
    const m = /^flc-(\d+)-/.exec(ns);
    if (m && !alive(Number(m[1]))) await removeNamespace(ns);
  }
}

/** A third octet no other live run of this machine uses (cosmetic: each run has its own bridge). */
function pickRun(): number {
  const used = new Set(namespaces().map((ns) => Number(/^flc-\d+-(\d+)-/.exec(ns)?.[1] ?? -1)));
  for (let tries = 0; tries < 500; tries++) {
    const run = 1 + Math.floor(Math.random() * 250);
    if (!used.has(run)) return run;
  }
  throw new Error("no free 10.200.x.0/24 subnet for the chaos network");
}

const SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

const inNs = (ns: string, argv: readonly string[]): string[] => ["ip", "netns", "exec", ns, ...argv];

/** IPv6 off inside a namespace: only the IPv4 traffic of the test crosses the bridge. */
function ipv4Only(ns: string): void {
  tryCommand(inNs(ns, ["sh", "-c", "echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6; echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6"]));
}

/** Creates the bridge namespace and one namespace per nick (at most 250), wired and addressed. */
export async function createNetwork(nicks: readonly string[]): Promise<ChaosNetwork> {
  if (nicks.length === 0 || nicks.length > 250) throw new Error(`createNetwork: ${nicks.length} hosts (1..250)`);
  await removeStale();
  const run = pickRun();
  const prefix = `${PREFIX}${process.pid}-${run}-`;
  const subnet = `10.200.${run}`;
  const bridgeNs = `${prefix}br`;
  const created: string[] = [];
  const hosts: ChaosHost[] = nicks.map((nick, i) => ({ nick, ns: `${prefix}${nick}`, address: `${subnet}.${i + 1}` }));
  const network: ChaosNetwork = {
    prefix,
    subnet,
    bridgeNs,
    observerAddress: `${subnet}.254`,
    hosts,
    host(nick) {
      const found = hosts.find((h) => h.nick === nick);
      if (!found) throw new Error(`no host ${nick} in the chaos network`);
      return found;
    },
    inNs,
    async destroy() {
      process.off("exit", onExit);
      for (const sig of SIGNALS) process.off(sig, onSignal);
      const errors: string[] = [];
      // Instances first: the bridge namespace goes last, with the observer.
      for (const ns of created.splice(0).reverse()) {
        const error = await removeNamespace(ns);
        if (error) errors.push(error);
      }
      if (errors.length > 0) throw new Error(`chaos network teardown: ${errors.join("; ")}`);
    },
  };
  // An interrupted run (Ctrl-C, a test runner that exits) still leaves nothing behind: a signal
  // becomes an exit, and the exit removes the namespaces (and with them every process and rule).
  const onExit = () => {
    for (const ns of created.splice(0).reverse()) removeNamespaceNow(ns);
  };
  const onSignal = (signal: NodeJS.Signals) => process.exit(signal === "SIGINT" ? 130 : 143);
  process.on("exit", onExit);
  for (const sig of SIGNALS) process.on(sig, onSignal);
  try {
    command(["ip", "netns", "add", bridgeNs]);
    created.push(bridgeNs);
    ipv4Only(bridgeNs);
    command(["ip", "-n", bridgeNs, "link", "set", "lo", "up"]);
    command(["ip", "-n", bridgeNs, "link", "add", "br0", "type", "bridge", "mcast_snooping", "0"]);
    command(["ip", "-n", bridgeNs, "addr", "add", `${network.observerAddress}/24`, "dev", "br0"]);
    command(["ip", "-n", bridgeNs, "link", "set", "br0", "up"]);
    for (const [i, host] of hosts.entries()) {
      command(["ip", "netns", "add", host.ns]);
      created.push(host.ns);
      ipv4Only(host.ns);
      command(["ip", "-n", host.ns, "link", "set", "lo", "up"]);
      // Both ends are created inside their namespaces: no interface ever appears on the host.
      command(["ip", "link", "add", "name", "eth0", "netns", host.ns, "type", "veth", "peer", "name", `p${i + 1}`, "netns", bridgeNs]);
      command(["ip", "-n", bridgeNs, "link", "set", `p${i + 1}`, "master", "br0"]);
      command(["ip", "-n", bridgeNs, "link", "set", `p${i + 1}`, "up"]);
      command(["ip", "-n", host.ns, "addr", "add", `${host.address}/24`, "dev", "eth0"]);
      command(["ip", "-n", host.ns, "link", "set", "eth0", "up"]);
    }
  } catch (err) {
    await network.destroy().catch(() => undefined);
    throw err;
  }
  return network;
}
