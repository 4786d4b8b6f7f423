// The deterministic cluster simulator: N cluster cores in one process on a virtual clock and the
// in-memory network, with a small scenario DSL (`at`, `runUntil`, `waitFor`) and the invariants
// checked after every step. A run is fully determined by its seed.
import { ClusterCore, clusterOptions, type ClusterEffect, type ClusterInput, type ClusterOptions, type ClusterState, type FsmState, type InstanceState, type PeerIdentity, type RequestReply } from "../../src/cluster/index.ts";
import { Heartbeat, type HeartbeatScheduler } from "../../src/node/heartbeat.ts";
import { VirtualClock } from "./clock.ts";
import { agreementViolations, stepViolations } from "./invariants.ts";
import { MemoryNetwork, type MemoryTransport, type NetworkConditions } from "./memory-network.ts";
import { Prng } from "./prng.ts";

export interface SimNodeSpec {
  nick: string;
  /** In every node's supvisors_list (default true); false = must be discovered. */
  declared?: boolean;
  stereotypes?: string[];
  /** Receives multicast announcements (default: the node's discovery mode). */
  multicast?: boolean;
  options?: Partial<ClusterOptions>;
  /**
   * Seconds added to every monotonic reading of this node (default 0): each host has its own
   * monotonic clock, so nothing may compare the readings of two nodes.
   */
  clockOffset?: number;
}

/** What a layer on top of the cluster (the control simulator) hears from each node. */
export interface SimHooks {
  /** A node (re)started with a fresh state, or was killed (`alive` false). */
  lifecycle(nick: string, alive: boolean): void;
  /** After each local tick of a node. */
  tick(nick: string): void;
  /** The cluster effects meant for the layer above: publish, jobs, deliver. */
  effect(nick: string, effect: ClusterEffect): void;
}

export interface SimConfig {
  seed: number;
  nodes: SimNodeSpec[];
  /** Options shared by every node (tick period, synchro options, strategies…). */
  base?: Partial<ClusterOptions>;
  network?: Partial<NetworkConditions>;
  /** Check Master agreement after every step once the topology is quiet (default true). */
  checkAgreement?: boolean;
}

/** Epoch seconds of virtual time 0, so wall clocks look real. */
export const WALL_ORIGIN = 1_700_000_000;

class SimNode {
  core: ClusterCore | undefined;
  transport: MemoryTransport | undefined;
  /** Bumped on every kill/start so stale timers of a previous life do nothing. */
  epoch = 0;
  logs: string[] = [];
  fsmHistory: { at: number; fsm: FsmState }[] = [];
  heartbeat: Heartbeat | undefined;
  /** While paused (SIGSTOP, or a stall): when it resumes, and what waits for it meanwhile. */
  paused: { until: number; timers: (() => void)[]; inputs: ClusterInput[] } | null = null;
  constructor(
    readonly identity: PeerIdentity,
    readonly options: ClusterOptions,
    readonly multicast: boolean,
    readonly clockOffset: number,
  ) {}
  get alive(): boolean {
    return this.core !== undefined;
  }
}

export class Sim {
  readonly clock = new VirtualClock();
  readonly rng: Prng;
  readonly network: MemoryNetwork;
  readonly violations: string[] = [];
  readonly nodes = new Map<string, SimNode>();
  #lastTopologyChange = 0;
  #checkAgreement: boolean;
  hooks: SimHooks | null = null;

  constructor(readonly config: SimConfig) {
    this.rng = new Prng(config.seed);
    this.network = new MemoryNetwork(this.clock, this.rng, config.network);
    this.#checkAgreement = config.checkAgreement ?? true;
    const identities = config.nodes.map((spec, i) => ({
      identifier: `127.0.0.1:${61001 + i}`,
      nick: spec.nick,
      host: "127.0.0.1",
      httpPort: 61001 + i,
      stereotypes: spec.stereotypes ?? [],
    }));
    const declared = identities
      .filter((_, i) => config.nodes[i].declared !== false)
      .map((identity) => ({ identity, address: `mem:${identity.identifier}` }));
    config.nodes.forEach((spec, i) => {
      const { stereotypes, ...local } = identities[i];
      const options = clusterOptions(local, { tickPeriod: 0.2, inactivityTicks: 3, declared, ...config.base, ...spec.options, stereotypes });
      this.nodes.set(spec.nick, new SimNode(identities[i], options, spec.multicast ?? options.discoveryMode, spec.clockOffset ?? 0));
    });
  }

  get now(): number {
    return this.clock.now();
  }

  /** The monotonic clock of one node: the virtual time plus its offset. */
  monotonicOf(nick: string): number {
    return this.now + this.node(nick).clockOffset;
  }

  /** Settling time after a topology change before Master agreement is required. */
  get settle(): number {
    const period = this.config.base?.tickPeriod ?? 0.2;
    const ticks = this.config.base?.inactivityTicks ?? 3;
    return period * (ticks + 5) + 4 * this.network.conditions.maxDelay;
  }

  node(nick: string): SimNode {
    const node = this.nodes.get(nick);
    if (!node) throw new Error(`no simulated node ${nick}`);
    return node;
  }

  id(nick: string): string {
    return this.node(nick).identity.identifier;
  }

  state(nick: string): ClusterState {
    const core = this.node(nick).core;
    if (!core) throw new Error(`node ${nick} is not running`);
    return core.state;
  }

  fsm(nick: string): FsmState | undefined {
    return this.node(nick).core?.state.fsm;
  }

  /** The Master's nick as `nick` sees it ("" when none). */
  master(nick: string): string {
    const id = this.state(nick).master;
    return [...this.nodes.entries()].find(([, n]) => n.identity.identifier === id)?.[0] ?? "";
  }

  seen(nick: string, other: string): InstanceState | undefined {
    return this.node(nick).core?.state.instances.get(this.id(other))?.state;
  }

  /** Starts a node with a fresh state (tick counter from 0), as a new daemon would. */
  start(nick: string): void {
    const node = this.node(nick);
    if (node.alive) throw new Error(`${nick} already runs`);
    node.epoch += 1;
    const epoch = node.epoch;
    node.core = new ClusterCore(node.options, this.now + node.clockOffset, WALL_ORIGIN + this.now);
    node.transport = this.network.join(node.identity, { multicast: node.multicast });
    node.transport.onEvent((event) => this.#input(node, { type: "transport", event }));
    node.fsmHistory.push({ at: this.now, fsm: node.core.state.fsm });
    this.#topologyChanged();
    this.#startTicks(node, epoch);
    this.hooks?.lifecycle(nick, true);
  }

  /**
   * The node's tick and failure-detector checks, driven by the daemon's own Heartbeat on the
   * virtual clock. Timers due while the node is paused wait for its resumption, then run late.
   */
  #startTicks(node: SimNode, epoch: number): void {
    node.heartbeat?.stop();
    const scheduler: HeartbeatScheduler = {
      now: () => this.clock.now(),
      schedule: (delay, fn) => {
        let cancelled = false;
        this.clock.schedule(delay, () => {
          if (cancelled || node.epoch !== epoch) return;
          if (node.paused) node.paused.timers.push(fn);
          else fn();
        });
        return () => {
          cancelled = true;
        };
      },
    };
    node.heartbeat = new Heartbeat(scheduler, node.options.tickPeriod, {
      tick: () => {
        this.#input(node, { type: "tick", wall: WALL_ORIGIN + this.now });
        if (node.epoch === epoch) this.hooks?.tick(node.identity.nick);
      },
      check: (late) => this.#input(node, { type: "liveness", late }),
    });
    node.heartbeat.start(this.rng.between(0, node.options.tickPeriod));
  }

  /**
   * SIGSTOP for `seconds` (or a stall of its event loop that long): nothing of the node runs; its
   * timers and the frames sent to it wait. On resumption the overdue timers run first, then what
   * waits in its sockets — the order of a real event loop.
   */
  pause(nick: string, seconds: number): void {
    const node = this.node(nick);
    if (!node.alive || node.paused) return;
    const epoch = node.epoch;
    node.paused = { until: this.now + seconds, timers: [], inputs: [] };
    this.clock.schedule(seconds, () => {
      const waiting = node.paused;
      node.paused = null;
      if (!waiting || node.epoch !== epoch) return;
      for (const fn of waiting.timers) if (node.epoch === epoch) fn();
      for (const input of waiting.inputs) if (node.epoch === epoch) this.#input(node, input);
    });
  }

  /** kill -9: the node vanishes, its peers see their links close. */
  kill(nick: string): void {
    const node = this.node(nick);
    if (!node.alive) return;
    node.epoch += 1;
    node.core = undefined;
    node.paused = null;
    node.heartbeat?.stop();
    void node.transport?.close();
    node.transport = undefined;
    this.#topologyChanged();
    this.hooks?.lifecycle(nick, false);
  }

  /**
   * A restart nobody saw: the daemon comes back with a fresh state (tick counter from 0) before
   * its links were noticed down, as when a TCP reconnection wins the race (ST-IN-18).
   */
  stealthRestart(nick: string): void {
    const node = this.node(nick);
    if (!node.alive) throw new Error(`${nick} is not running`);
    node.epoch += 1;
    const epoch = node.epoch;
    node.core = new ClusterCore(node.options, this.now + node.clockOffset, WALL_ORIGIN + this.now);
    this.#topologyChanged();
    this.#startTicks(node, epoch);
    this.hooks?.lifecycle(nick, true);
  }

  restart(nick: string): void {
    this.kill(nick);
    this.start(nick);
  }

  partition(groups: string[][]): void {
    this.network.partition(groups.map((g) => g.map((nick) => this.id(nick))));
    this.#topologyChanged();
  }

  heal(): void {
    this.network.heal();
    this.#topologyChanged();
  }

  /** Sends a user request to a node now and returns its reply. */
  request(nick: string, input: ClusterInput): RequestReply | undefined {
    return this.#input(this.node(nick), input);
  }

  /** Schedules an action at absolute virtual time `t`. */
  at(t: number, action: () => void): void {
    this.clock.schedule(t - this.now, action);
  }

  /** Runs every callback due up to time `t`, then sets the clock to `t`. */
  runUntil(t: number): void {
    while (this.clock.runNext(t)) {
      /* each callback is one step of one node, checked by #input */
    }
    this.clock.advanceTo(t);
  }

  /** Runs until `condition` holds (checked after each callback); returns the time, throws at `deadline`. */
  waitFor(condition: () => boolean, deadline: number, what = "condition"): number {
    while (!condition()) {
      if (!this.clock.runNext(deadline)) {
        throw new Error(`seed ${this.config.seed}: ${what} not reached by t=${deadline}\n${this.describe()}`);
      }
    }
    return this.now;
  }

  allInOperation(nicks: string[] = [...this.nodes.keys()]): boolean {
    return nicks.every((n) => this.fsm(n) === "OPERATION");
  }

  /** A readable dump of every node, for failure messages. */
  describe(): string {
    const lines: string[] = [`t=${this.now.toFixed(3)} seed=${this.config.seed}`];
    for (const [nick, node] of this.nodes) {
      if (!node.core) {
        lines.push(`  ${nick}: down`);
        continue;
      }
      const s = node.core.state;
      const seen = [...s.instances.values()].map((r) => `${r.identity.nick}=${r.state}`).join(" ");
      lines.push(`  ${nick}: ${s.fsm} master=${this.master(nick) || "-"} [${seen}] waiting=${JSON.stringify(s.waitingFor)}`);
      lines.push(...node.logs.slice(-6).map((l) => `      ${l}`));
    }
    return lines.join("\n");
  }

  #topologyChanged(): void {
    this.#lastTopologyChange = this.now;
  }

  #input(node: SimNode, input: ClusterInput): RequestReply | undefined {
    const core = node.core;
    if (!core) return undefined;
    if (node.paused) {
      // Frozen: frames and its children's state changes wait, in arrival order (timers apart).
      node.paused.inputs.push(input);
      return undefined;
    }
    const before = core.state;
    const result = core.handle(input, this.now + node.clockOffset);
    for (const v of stepViolations(node.identity.nick, before, result.state, result.effects)) this.violations.push(`t=${this.now.toFixed(3)} ${v}`);
    let fsm = before.fsm;
    for (const effect of result.effects) {
      if (effect.type === "publish" && effect.event.topic === "supvisors" && effect.event.body.fsm_statename !== fsm) {
        fsm = effect.event.body.fsm_statename;
        node.fsmHistory.push({ at: this.now, fsm });
      }
    }
    const epoch = node.epoch;
    for (const effect of result.effects) {
      if (node.epoch !== epoch) break; // the node restarted or stopped while applying its effects
      this.#apply(node, effect);
    }
    if (this.#checkAgreement && this.now - this.#lastTopologyChange >= this.settle) {
      for (const v of this.agreement(true)) this.violations.push(`t=${this.now.toFixed(3)} ${v}`);
    }
    return result.reply;
  }

  /** Master agreement across the current partitions (see invariants.ts). */
  agreement(onlyStable = false): string[] {
    const views = [...this.nodes.values()].filter((n) => n.core).map((n) => ({ id: n.identity.identifier, state: n.core!.state }));
    return agreementViolations(views, (a, b) => this.network.reachable(a, b), onlyStable);
  }

  /** Sends a message from one node to a peer over the simulated network. */
  send(nick: string, to: string, payload: Parameters<MemoryTransport["send"]>[1]): void {
    this.node(nick).transport?.send(to, payload);
  }

  #apply(node: SimNode, effect: ClusterEffect): void {
    const transport = node.transport!;
    switch (effect.type) {
      case "send":
        return transport.send(effect.to, effect.payload);
      case "connect":
        return transport.connect(effect.peer, effect.address);
      case "forget":
        return transport.forget(effect.identifier);
      case "reset":
        return transport.reset(effect.identifier, effect.reason);
      case "announce":
        return transport.announce();
      case "log":
        node.logs.push(`${this.now.toFixed(3)} ${effect.level.toUpperCase()} ${effect.text}`);
        if (node.logs.length > 400) node.logs.splice(0, 200);
        return;
      case "restartLocal": {
        const nick = node.identity.nick;
        this.clock.schedule(0.05, () => this.restart(nick));
        return;
      }
      case "shutdownLocal": {
        const nick = node.identity.nick;
        this.clock.schedule(0.05, () => this.kill(nick));
        return;
      }
      case "jobs":
        // Without a control layer above, no job ever runs: say so, as an idle control layer would.
        if (this.hooks === null && (effect.command === "startApplications" || effect.command === "stopApplications")) {
          this.#input(node, { type: "control", view: { startingJobs: false, stoppingJobs: false }, answers: effect.command });
          return;
        }
        this.hooks?.effect(node.identity.nick, effect);
        return;
      case "publish":
      case "deliver":
        this.hooks?.effect(node.identity.nick, effect);
        return;
    }
  }
}
