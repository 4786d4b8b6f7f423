// The control layer on top of the cluster simulator: every node runs the real control engine over
// its real cluster core, with simulated supervised processes (sim-supervisor.ts). Orders travel
// over the simulated network as the daemon sends them; invariants of the control layer are
// checked after every control step (no node above 100 %, one sequence group at a time per
// application job, start groups in sequence order, no request answered twice; after each tick,
// the engine's index in step with the snapshot), and `settledProblems` says what is wrong with a
// cluster that was given time to settle. `controlCluster` builds the usual scenario cluster.
import type { ClusterEffect } from "../../src/cluster/effects.ts";
import type { NetworkInfo } from "../../src/cluster/options.ts";
import { message, type ControlMessage } from "../../src/cluster/messages.ts";
import { mergeRulesTexts } from "../../src/config/rules/index.ts";
import type { ConciliationStrategy, StartingStrategy } from "../../src/config/supvisors-model.ts";
import {
  conflicts,
  controlStep,
  jobsOf,
  initialControlState,
  processStatuses,
  type ControlEffect,
  type ControlInput,
  type ControlReply,
  type ControlRequest,
  type ControlState,
} from "../../src/control/engine/index.ts";
import { RulesBook } from "../../src/control/model/rules-book.ts";
import type { ProcessStatus } from "../../src/control/model/synthesis.ts";
import { indexViolations, loadViolations, sequenceViolations } from "./control-invariants.ts";
import { Sim, WALL_ORIGIN, type SimConfig } from "./cluster-sim.ts";
import { SimSupervisor, type SimProgram } from "./sim-supervisor.ts";

export interface ControlSimConfig extends SimConfig {
  rules: string;
  programs: SimProgram[];
  startingStrategy?: StartingStrategy;
  conciliationStrategy?: ConciliationStrategy;
}

interface ControlNodeSim {
  control: ControlState;
  sup: SimSupervisor;
}

/** One start order seen by the simulated network: who started what, where and when. */
export interface StartRecord {
  at: number;
  by: string;
  on: string;
  namespec: string;
  extraArgs: string;
}

/** One stop order carried out on a node. */
export interface StopRecord {
  at: number;
  by: string;
  on: string;
  namespec: string;
}

/** A user request as sent: the node and the life of that node it went to. */
interface Asked {
  nick: string;
  life: number;
}

export class ControlSim {
  readonly sim: Sim;
  readonly book: RulesBook;
  readonly violations: string[] = [];
  readonly starts: StartRecord[] = [];
  readonly stops: StopRecord[] = [];
  readonly #nodes = new Map<string, ControlNodeSim>();
  readonly #replies = new Map<number, ControlReply>();
  readonly #asked = new Map<number, Asked>();
  /** Bumped each time a node starts or dies: a request outlives the life it was sent to. */
  readonly #lives = new Map<string, number>();
  /** nick → start job id → highest start_sequence triggered so far by an application start. */
  readonly #jobSeqs = new Map<string, Map<number, number>>();
  #nextId = 1;

  constructor(readonly config: ControlSimConfig) {
    this.sim = new Sim(config);
    const { rules } = mergeRulesTexts([{ path: "rules.xml", text: config.rules }]);
    this.book = new RulesBook(rules, config.startingStrategy ?? "CONFIG");
    this.sim.hooks = {
      lifecycle: (nick, alive) => this.#lifecycle(nick, alive),
      tick: (nick) => this.#input(nick, { type: "tick" }),
      effect: (nick, effect) => this.#clusterEffect(nick, effect),
    };
  }

  get now(): number {
    return this.sim.now;
  }

  id(nick: string): string {
    return this.sim.id(nick);
  }

  nickOf(identifier: string): string {
    return [...this.sim.nodes.entries()].find(([, n]) => n.identity.identifier === identifier)?.[0] ?? identifier;
  }

  start(nick: string): void {
    this.sim.start(nick);
  }

  control(nick: string): ControlState {
    const node = this.#nodes.get(nick);
    if (!node) throw new Error(`node ${nick} is not running`);
    return node.control;
  }

  supervisor(nick: string): SimSupervisor {
    return this.#nodes.get(nick)!.sup;
  }

  statuses(nick: string): ProcessStatus[] {
    return processStatuses(this.control(nick), this.sim.state(nick));
  }

  status(nick: string, namespec: string): ProcessStatus | undefined {
    return this.statuses(nick).find((s) => s.namespec === namespec);
  }

  /** Nicks where the process runs, as `nick` sees it. */
  runningOn(nick: string, namespec: string): string[] {
    return (this.status(nick, namespec)?.runningOn ?? []).map((id) => this.nickOf(id));
  }

  /** Sends a user request to a node; its reply is read later with `reply(id)`. */
  request(nick: string, request: ControlRequest): number {
    const id = this.#nextId++;
    this.#asked.set(id, { nick, life: this.#lives.get(nick) ?? 0 });
    this.#input(nick, { type: "request", id, request });
    return id;
  }

  /** Requests sent to a node still in the same life and not answered yet. */
  unanswered(): number[] {
    const ids: number[] = [];
    for (const [id, asked] of this.#asked) {
      const alive = this.#nodes.has(asked.nick) && (this.#lives.get(asked.nick) ?? 0) === asked.life;
      if (alive && !this.#replies.has(id)) ids.push(id);
    }
    return ids;
  }

  /**
   * What is wrong with a cluster given time to settle: every running node in OPERATION under one
   * and the same Master, no managed process running twice, every request of a living node answered.
   */
  settledProblems(): string[] {
    const problems: string[] = [];
    const alive = [...this.#nodes.keys()].filter((nick) => this.sim.node(nick).alive);
    const masters = new Set(alive.map((nick) => this.sim.master(nick)));
    if (masters.size !== 1 || masters.has("")) problems.push(`Masters after settling: ${[...masters].map((m) => m || "(none)").join(", ")}`);
    for (const nick of alive) {
      if (this.sim.fsm(nick) !== "OPERATION") problems.push(`${nick} in ${this.sim.fsm(nick)} after settling`);
      const twice = conflicts(this.control(nick), this.sim.state(nick)).map((s) => `${s.namespec}@${s.runningOn.map((id) => this.nickOf(id)).join("+")}`);
      if (twice.length > 0) problems.push(`${nick} sees conflicts: ${twice.join(" ")}`);
    }
    const left = this.unanswered();
    if (left.length > 0) problems.push(`requests never answered: ${left.map((id) => `${id}@${this.#asked.get(id)!.nick}`).join(" ")}`);
    return problems;
  }

  reply(id: number): ControlReply | undefined {
    return this.#replies.get(id);
  }

  waitFor(condition: () => boolean, deadline: number, what = "condition"): number {
    return this.sim.waitFor(condition, deadline, what);
  }

  /** kill -9 of a child process on a node. */
  crash(nick: string, namespec: string): void {
    this.supervisor(nick).crash(namespec);
  }

  #lifecycle(nick: string, alive: boolean): void {
    this.#lives.set(nick, (this.#lives.get(nick) ?? 0) + 1);
    this.#jobSeqs.delete(nick);
    if (!alive) {
      this.#nodes.delete(nick);
      return;
    }
    const localId = this.sim.id(nick);
    const programs = this.config.programs.filter((p) => p.on === undefined || p.on.includes(nick));
    // Timers of a previous life's processes still fire: only the current supervisor reports.
    // The node's children are timed on its own monotonic clock (see SimNodeSpec.clockOffset).
    const offset = this.sim.node(nick).clockOffset;
    const clock = { now: () => this.sim.clock.now() + offset, schedule: (delay: number, run: () => void) => this.sim.clock.schedule(delay, run) };
    const sup: SimSupervisor = new SimSupervisor(programs, clock, WALL_ORIGIN - offset, (info) => {
      if (this.#nodes.get(nick)?.sup === sup) this.sim.request(nick, { type: "localProcess", info });
    });
    const control = initialControlState(
      {
        localId,
        tickPeriod: this.sim.node(nick).options.tickPeriod,
        startingStrategy: this.config.startingStrategy ?? "CONFIG",
        conciliationStrategy: this.config.conciliationStrategy ?? "USER",
      },
      this.book,
    );
    this.#nodes.set(nick, { control, sup });
    this.sim.request(nick, { type: "localProcesses", processes: sup.all() });
  }

  #clusterEffect(nick: string, effect: ClusterEffect): void {
    if (effect.type === "jobs") {
      this.#input(nick, { type: "jobs", command: effect.command });
      if (effect.command === "startApplications" || effect.command === "stopApplications") this.#answer(nick, effect.command);
      return;
    }
    if (effect.type === "deliver") return effect.message.kind === "stats" ? undefined : this.#deliver(nick, effect.from, effect.message);
    if (effect.type !== "publish") return;
    const event = effect.event;
    if (event.topic === "event" || event.topic === "disability") {
      const { identifier, nick_identifier: _n, event_mtime: _m, ...info } = event.body;
      this.#input(nick, { type: "processEvent", identifier, info });
    } else if (event.topic === "processRemoved") {
      this.#input(nick, { type: "processRemoved", identifier: event.identifier, namespec: `${event.group}:${event.name}` });
    } else if (event.topic === "instanceLost") {
      this.#input(nick, { type: "instanceLost", identifier: event.identifier, lostProcesses: event.lostProcesses });
    }
  }

  /** As ControlNode: a start/stop-all command is answered with the engine's view once planned. */
  #answer(nick: string, command: "startApplications" | "stopApplications"): void {
    const node = this.#nodes.get(nick);
    const core = this.sim.node(nick).core;
    if (!node || !core) return;
    const jobs = jobsOf(node.control);
    const view = { startingJobs: jobs.starting, stoppingJobs: jobs.stopping, conflicting: conflicts(node.control, core.state).length > 0 };
    this.sim.request(nick, { type: "control", view, answers: command });
  }

  #deliver(nick: string, from: string, msg: ControlMessage): void {
    switch (msg.kind) {
      case "command":
        return this.#runLocally(nick, from, msg.action, msg.namespec, msg.extraArgs);
      case "commandFailed":
        return this.#input(nick, { type: "commandFailed", identifier: from, namespec: msg.namespec, action: msg.action, reason: msg.reason });
      case "forced":
        return this.#input(nick, { type: "forced", namespec: msg.namespec, state: msg.state, reason: msg.reason });
    }
  }

  #runLocally(nick: string, requester: string, action: "start" | "stop", namespec: string, extraArgs: string): void {
    const node = this.#nodes.get(nick);
    if (!node) return;
    if (action === "start") this.starts.push({ at: this.now, by: this.nickOf(requester), on: nick, namespec, extraArgs });
    else this.stops.push({ at: this.now, by: this.nickOf(requester), on: nick, namespec });
    const failure = action === "start" ? node.sup.start(namespec, extraArgs) : node.sup.stop(namespec);
    if (failure === null) return;
    const localId = this.sim.id(nick);
    if (requester === localId) this.#input(nick, { type: "commandFailed", identifier: localId, namespec, action, reason: failure });
    else this.sim.send(nick, requester, message("commandFailed", { action, namespec, reason: failure }));
  }

  #input(nick: string, input: ControlInput): void {
    const node = this.#nodes.get(nick);
    const core = this.sim.node(nick).core;
    if (!node || !core) return;
    const before = node.control;
    const result = controlStep(before, core.state, input, this.sim.monotonicOf(nick));
    node.control = result.state;
    const snapshot = core.state;
    const nickOf = (id: string) => this.nickOf(id);
    const seqs = this.#jobSeqs.get(nick) ?? new Map<number, number>();
    this.#jobSeqs.set(nick, seqs);
    const found = [
      ...loadViolations(this.book, result.state, snapshot, nickOf),
      ...(input.type === "tick" ? indexViolations(result.state, snapshot, nickOf) : []),
      ...sequenceViolations(this.book, before, result.state, seqs),
    ];
    for (const v of found) this.violations.push(`t=${this.now.toFixed(3)} ${nick}: ${v}`);
    for (const effect of result.effects) {
      if (this.#nodes.get(nick) !== node) break; // the node died while applying its effects
      this.#apply(nick, effect);
    }
  }

  #apply(nick: string, effect: ControlEffect): void {
    const localId = this.sim.id(nick);
    switch (effect.type) {
      case "start":
      case "stop": {
        const args = effect.type === "start" ? effect.extraArgs : "";
        if (effect.identifier === localId) return this.#runLocally(nick, localId, effect.type, effect.namespec, args);
        return this.sim.send(nick, effect.identifier, message("command", { action: effect.type, namespec: effect.namespec, extraArgs: args }));
      }
      case "forced": {
        const state = this.sim.state(nick);
        for (const [id, record] of state.instances) {
          if (id !== localId && (record.state === "RUNNING" || record.state === "CHECKED")) {
            this.sim.send(nick, id, message("forced", { namespec: effect.namespec, state: effect.state, reason: effect.reason, identifier: effect.identifier, at: effect.at, when: 1000 + effect.at }));
          }
        }
        return;
      }
      case "view":
        this.sim.request(nick, { type: "control", view: { startingJobs: effect.startingJobs, stoppingJobs: effect.stoppingJobs, conflicting: effect.conflicting } });
        return;
      case "closeCluster":
        this.sim.request(nick, { type: effect.action });
        return;
      case "reply":
        if (this.#replies.has(effect.id)) this.violations.push(`t=${this.now.toFixed(3)} ${nick}: request ${effect.id} answered twice`);
        this.#replies.set(effect.id, effect.reply);
        return;
      case "log":
        this.sim.node(nick).logs.push(`${this.now.toFixed(3)} ${effect.level.toUpperCase()} [control] ${effect.text}`);
        return;
      case "publish":
        return;
    }
  }
}

/** A rules file around application elements. */
export function rulesOf(body: string): string {
  return `<?xml version="1.0"?>\n<root>\n${body}\n</root>`;
}

/** Network facts of a simulated node on `machine` (nodes sharing a machine share a node load, ST-LD-02). */
export function machineNetwork(nick: string, machine = `machine-${nick}`): NetworkInfo {
  return { machine_id: machine, fqdn: `${nick}.sim`, addresses: {} };
}

export interface ClusterSetup extends Partial<Omit<ControlSimConfig, "nodes" | "rules" | "programs">> {
  /** Node → machine id; default: one machine per node. */
  machines?: Record<string, string>;
  /** Node → offset of its monotonic clock (SimNodeSpec.clockOffset); default 0. */
  clockOffsets?: Record<string, number>;
}

/**
 * A started control cluster of `nicks` (declared in that order, STRICT synchro, fast ticks, a
 * quiet network), as the control scenarios use it.
 * @example const cs = controlCluster(["a", "b", "c"], rulesOf(`<application name="x"/>`), []);
 */
export function controlCluster(nicks: string[], rules: string, programs: SimProgram[], setup: ClusterSetup = {}): ControlSim {
  const { machines, clockOffsets, base, ...rest } = setup;
  const cs = new ControlSim({
    seed: 1,
    nodes: nicks.map((nick) => ({ nick, options: { network: machineNetwork(nick, machines?.[nick]) }, clockOffset: clockOffsets?.[nick] })),
    base: { synchroOptions: ["STRICT"], tickPeriod: 0.2, inactivityTicks: 3, ...base },
    network: { minDelay: 0.001, maxDelay: 0.004, loss: 0 },
    rules,
    programs,
    ...rest,
  });
  for (const nick of nicks) cs.start(nick);
  return cs;
}
