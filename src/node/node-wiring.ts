// Everything a daemon with a Supvisors section adds to a plain supervisord: the cluster node, the
// control layer, the statistics (collected, shared with peers), the dashboard, and their
// supvisors.* methods — wired together once, started and stopped as one. The daemon keeps the
// local supervisor, the logs and the HTTP servers.

import { totalmem } from "node:os";
import type { LogTailSource } from "../api/http/index.ts";
import { latestFigures, type ClusterMetricsSource, type ProcessFiguresSource } from "../api/metrics/index.ts";
import type { RpcRegistry } from "../api/registry.ts";
import { registerSupvisorsMethods } from "../api/supvisors/index.ts";
import { localSupvisorsMethods } from "../api/supvisors/local-methods.ts";
import type { ClusterInput, RequestReply } from "../cluster/index.ts";
import { message } from "../cluster/messages.ts";
import type { LogLevelName } from "../config/model.ts";
import type { SupvisorsOptions } from "../config/supvisors.ts";
import type { LocalSupervisor } from "../supervisor/local-supervisor.ts";
import { createDashboard, type Dashboard } from "../web/index.ts";
import { ClusterNode } from "./cluster-node.ts";
import type { ClusterSetup } from "./cluster-setup.ts";
import { setUpControl } from "./control-setup.ts";
import type { RulesBook } from "../control/model/rules-book.ts";
import { setUpStats } from "./stats-setup.ts";
import { shareStats } from "./stats-sharing.ts";
import { setUpEvents, type EventInterface } from "./event-setup.ts";

export interface NodeWiringOptions {
  cluster: ClusterSetup;
  supvisors: SupvisorsOptions;
  book: RulesBook;
  sup: LocalSupervisor;
  registry: RpcRegistry;
  logs: LogTailSource;
  log(level: LogLevelName, text: string): void;
  /** change_log_level: the Supvisors logger's level. */
  setLogLevel(level: LogLevelName): void;
  /** What RESTARTING / SHUTTING_DOWN end in (ST-FSM-06/07). */
  restartDaemon(): void;
  shutdownDaemon(): void;
}

export class NodeWiring {
  readonly node: ClusterNode;
  readonly dashboard: Dashboard;
  /** What /metrics reads of the cluster side (state, loads, peer links) and of the statistics. */
  readonly metrics: { cluster: ClusterMetricsSource; stats: ProcessFiguresSource };
  /** The ZeroMQ / websocket publisher of `event_link` (EVT-01). */
  readonly events: EventInterface;
  readonly #start: () => void;
  readonly #stop: () => Promise<void>;

  constructor(o: NodeWiringOptions) {
    const { registry, supvisors: sv } = o;
    const node = new ClusterNode({
      options: o.cluster.options,
      transport: o.cluster.transport,
      sup: o.sup,
      log: o.log,
      restartDaemon: o.restartDaemon,
      shutdownDaemon: o.shutdownDaemon,
    });
    const control = setUpControl({ cluster: node, supvisors: sv, book: o.book, registry, log: o.log });
    // end_sync / restart / shutdown, from the XML-RPC and from the dashboard alike.
    const clusterRequest = (input: ClusterInput): RequestReply => node.handle(input) ?? { ok: false, fault: null, detail: `no reply to ${input.type}` };
    registerSupvisorsMethods(registry, {
      state: () => node.core.state,
      request: clusterRequest,
      setLogLevel: o.setLogLevel,
      now: () => node.now(),
      loadOf: (identifier) => control.loadOf(identifier),
    });
    for (const method of localSupvisorsMethods({
      sup: o.sup,
      fsm: () => node.core.state.fsm,
      clock: { wallMs: () => Date.now(), monotonic: () => node.now() },
    })) {
      registry.register(method);
    }
    const stats = setUpStats({ supvisors: sv, identifier: node.core.state.localId, sup: o.sup, registry, log: o.log });
    const unshareStats = shareStats({ cluster: node, collector: stats.collector, store: stats.store, log: o.log });
    const dashboard = createDashboard({
      control: control.api,
      cluster: () => node.core.state,
      request: clusterRequest,
      // Stop / Keep of the conciliation page act on one instance only, as Supvisors' page does.
      stopOn: async (identifier, namespec) => {
        if (identifier === node.core.state.localId) await registry.dispatch("supervisor.stopProcess", [namespec, false]);
        else node.send(identifier, message("command", { action: "stop", namespec, extraArgs: "" }));
      },
      rpc: (method, params) => registry.dispatch(method, params),
      stats: stats.view,
      logs: o.logs,
      supvisors: sv,
      localId: node.core.state.localId,
      now: () => node.now(),
      onChange: (listener) => {
        const offCluster = node.listen({ effect: (e) => e.type === "publish" && listener(), tick: listener });
        const offControl = control.node.onPublish(listener);
        return () => {
          offCluster();
          offControl();
        };
      },
    });
    for (const warning of dashboard.warnings) o.log("warn", warning);
    // Set up before the control layer listens: a process event reaches subscribers before the
    // process and application statuses it causes, as in Supvisors.
    const events = setUpEvents({
      link: sv.eventLink,
      port: o.cluster.local.eventPort,
      cluster: node,
      control: control.node,
      onStats: (listener) => stats.store.onAdded(listener),
      log: o.log,
    });
    this.events = events;
    this.node = node;
    this.dashboard = dashboard;
    this.metrics = {
      cluster: { state: () => node.core.state, loadOf: (id) => control.loadOf(id), links: () => o.cluster.transport.linkStats() },
      stats: latestFigures({ stats: stats.collector, periods: sv.statsPeriods, irixMode: sv.statsIrixMode, totalMemoryBytes: totalmem() }),
    };
    this.#start = () => {
      control.node.start();
      stats.collector.start();
      node.start();
    };
    this.#stop = async () => {
      control.node.close();
      dashboard.close();
      stats.collector.stop();
      unshareStats();
      await events.close();
    };
  }

  /**
   * Whether `host:port` is an instance of the cluster as its identity says (supvisors_list or
   * discovery): the dashboard's links to another instance's actions come from there.
   */
  readonly isClusterHost = (hostPort: string): boolean => {
    for (const { identity } of this.node.core.state.instances.values()) {
      // As URL.host writes it: lower case, IPv6 in brackets.
      const host = identity.host.includes(":") ? `[${identity.host}]` : identity.host;
      if (`${host}:${identity.httpPort}`.toLowerCase() === hostPort) return true;
    }
    return false;
  };

  /** Once the local supervisor runs: the control layer listens, statistics sample, ticks begin. */
  start(): void {
    this.#start();
  }

  /** Before the local processes are stopped: no more orders, pages, samples. */
  async stopLayers(): Promise<void> {
    await this.#stop();
  }

  /** After the local processes are stopped: the peer links close. */
  async close(): Promise<void> {
    await this.node.close();
  }
}
