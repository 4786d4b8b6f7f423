// The control layer on top of the cluster simulator: every node runs the real control engine over
// its real cluster core, with simulated supervised processes (sim-supervisor.ts). Orders travel
// over the simulated network as the daemon sends them; invariants of the control layer are
// checked after every control step.
import type { ClusterEffect } from "../../src/cluster/effects.ts";
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
import { LoadBook } from "../../src/control/model/load.ts";
import { RulesBook } from "../../src/control/model/rules-book.ts";
import type { ProcessStatus } from "../../src/control/model/synthesis.ts";
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
}

export class ControlSim {
  readonly sim: Sim;
  readonly book: RulesBook;
  readonly violations: string[] = [];
  readonly starts: StartRecord[] = [];
  readonly #nodes = new Map<string, ControlNodeSim>();
  readonly #replies = new Map<number, ControlReply>();
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
    this.#input(nick, { type: "request", id, request });
    return id;
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
    if (!alive) {
      this.#nodes.delete(nick);
      return;
    }
    const localId = this.sim.id(nick);
    const programs = this.config.programs.filter((p) => p.on === undefined || p.on.includes(nick));
    const sup = new SimSupervisor(programs, this.sim.clock, WALL_ORIGIN, (info) => this.sim.request(nick, { type: "localProcess", info }));
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
      return this.#reportView(nick);
    }
    if (effect.type === "deliver") return this.#deliver(nick, effect.from, effect.message);
    if (effect.type !== "publish") return;
    const event = effect.event;
    if (event.topic === "event") {
      const { identifier, nick_identifier: _n, event_mtime: _m, ...info } = event.body;
      this.#input(nick, { type: "processEvent", identifier, info });
    } else if (event.topic === "processRemoved") {
      this.#input(nick, { type: "processRemoved", identifier: event.identifier, namespec: `${event.group}:${event.name}` });
    } else if (event.topic === "instanceLost") {
      this.#input(nick, { type: "instanceLost", identifier: event.identifier, lostProcesses: event.lostProcesses });
    }
  }

  /** As ControlNode: after a jobs command, the cluster core gets the engine's view if it differs. */
  #reportView(nick: string): void {
    const node = this.#nodes.get(nick);
    const core = this.sim.node(nick).core;
    if (!node || !core) return;
    const jobs = jobsOf(node.control);
    const view = { startingJobs: jobs.starting, stoppingJobs: jobs.stopping, conflicting: conflicts(node.control, core.state).length > 0 };
    const current = core.state.control;
    if (current.startingJobs === view.startingJobs && current.stoppingJobs === view.stoppingJobs && current.conflicting === view.conflicting) return;
    this.sim.request(nick, { type: "control", view });
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
    if (action === "start") this.starts.push({ at: this.now, by: this.nickOf(requester), on: nick, namespec });
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
    const result = controlStep(node.control, core.state, input, this.now);
    node.control = result.state;
    this.#checkLoads(nick);
    for (const effect of result.effects) {
      if (this.#nodes.get(nick) !== node) break; // the node died while applying its effects
      this.#apply(nick, effect);
    }
  }

  /** Invariant: no node above 100 % of declared load, as this node sees it. */
  #checkLoads(nick: string): void {
    const node = this.#nodes.get(nick)!;
    const snapshot = this.sim.node(nick).core!.state;
    const loads = LoadBook.from(snapshot, this.book, processStatuses(node.control, snapshot));
    for (const id of snapshot.instances.keys()) {
      const load = loads.nodeLoad(id);
      if (load > 100) this.violations.push(`t=${this.now.toFixed(3)} ${nick}: node of ${this.nickOf(id)} loaded at ${load} %`);
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
            this.sim.send(nick, id, message("forced", { namespec: effect.namespec, state: effect.state, reason: effect.reason }));
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
