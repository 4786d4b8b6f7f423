// A cluster of N compiled flotilla instances on loopback ports sharing one rules file, for the
// integration tests of applications: each instance gets its own directory, configuration and
// XML-RPC client, and the cluster is ready once every instance reports OPERATION.
//
//   const cluster = await startCluster({ name: "apps", nicks: ["alpha", "beta"], rules, programs: () => "..." });
//   await cluster.operation();
//   ... cluster.node("beta").rpc.call("supvisors.get_conflicts") ...
//   await cluster.stop();

import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cleanup, freePorts, startDaemon, tempDir, waitFor, writeConfig, type DaemonHandle } from "./harness.ts";
import { XmlRpcTestClient } from "./rpc-client.ts";

export interface ClusterNode {
  nick: string;
  /** The Supvisors identifier of the instance (`127.0.0.1:<port>`). */
  identifier: string;
  port: number;
  /** The instance's own directory: configuration, logs, disabilities_file. */
  dir: string;
  /** Its supervisord.conf, whose [supervisorctl] section points at it. */
  conf: string;
  daemon: DaemonHandle;
  rpc: XmlRpcTestClient;
}

export interface ClusterSpec {
  /** Names the temporary directories. */
  name: string;
  /** One instance per nick, listed in this order in supvisors_list. */
  nicks: readonly string[];
  /** The rules XML, written once in the shared directory. */
  rules: string;
  /** Program and group sections of one instance; `shared` is the directory every instance sees. */
  programs: (node: { nick: string; dir: string; shared: string }) => string;
  /** Extra lines of the [supvisors] section (strategies, synchro options, ...), or per instance. */
  supvisors?: string | ((node: { nick: string; index: number }) => string);
}

export interface Cluster {
  nodes: readonly ClusterNode[];
  /** A directory shared by all instances (the rules file lives there). */
  shared: string;
  node(nick: string): ClusterNode;
  /** The nick of the instance with this identifier, or the identifier when none has it. */
  nickOf(identifier: string): string;
  /** Waits until every instance reports OPERATION. */
  operation(timeoutMs?: number): Promise<void>;
  /** Stops every instance and removes all directories. */
  stop(): Promise<void>;
}

/** The [supvisors] section: fast ticks so that the cluster forms within a second or two. */
function supvisorsSection(list: string, rules: string, dir: string, extra: string): string {
  return `
[supvisors]
supvisors_list = ${list}
tick_period = 0.2
inactivity_ticks = 3
synchro_options = STRICT,TIMEOUT
rules_files = ${rules}
disabilities_file = ${dir}/disabilities.json
${extra}
`;
}

/** Starts the instances one after the other (each answering XML-RPC before the next starts). */
export async function startCluster(spec: ClusterSpec): Promise<Cluster> {
  const shared = tempDir(`${spec.name}-shared`);
  const rulesFile = join(shared, "rules.xml");
  writeFileSync(rulesFile, spec.rules);
  // Ports are taken before any instance starts: every configuration lists all of them.
  const ports = await freePorts(spec.nicks.length);
  const list = spec.nicks.map((nick, i) => `<${nick}>127.0.0.1:${ports[i]}`).join(",");
  const nodes: ClusterNode[] = [];
  const cluster: Cluster = {
    nodes,
    shared,
    node(nick) {
      const found = nodes.find((n) => n.nick === nick);
      if (found === undefined) throw new Error(`no instance named ${nick} in the cluster`);
      return found;
    },
    nickOf(identifier) {
      return nodes.find((n) => n.identifier === identifier)?.nick ?? identifier;
    },
    async operation(timeoutMs = 20_000) {
      for (const node of nodes) {
        await waitFor(
          `${node.nick} in OPERATION`,
          async () => ((await node.rpc.call("supvisors.get_supvisors_state")) as { fsm_statename: string }).fsm_statename === "OPERATION",
          timeoutMs,
        );
      }
    },
    async stop() {
      await cleanup();
      rmSync(shared, { recursive: true, force: true });
    },
  };
  try {
    for (const [i, nick] of spec.nicks.entries()) {
      const port = ports[i]!;
      const dir = tempDir(`${spec.name}-${nick}`);
      const extra = typeof spec.supvisors === "function" ? spec.supvisors({ nick, index: i }) : (spec.supvisors ?? "");
      const body = supvisorsSection(list, rulesFile, dir, extra) + spec.programs({ nick, dir, shared });
      const conf = writeConfig({ dir, port, body });
      const daemon = await startDaemon("flotilla", conf, dir, port);
      nodes.push({ nick, identifier: `127.0.0.1:${port}`, port, dir, conf, daemon, rpc: new XmlRpcTestClient(daemon.url) });
    }
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  return cluster;
}
