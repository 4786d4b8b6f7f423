// An in-memory cluster for the control engine's tests: N instances sharing one view of the
// processes (fake-world.ts), each running its own engine; process events fed to every live engine,
// ticks every tick_period on a virtual clock, a small Master FSM (DISTRIBUTION → OPERATION →
// CONCILIATION ...) driven by the views the engines emit, and instance losses as the cluster core
// reports them. Checks (invariants.ts) run after every step.

import type { FsmState, InstanceState } from "../../../../src/cluster/states.ts";
import { mergeRulesTexts } from "../../../../src/config/rules/index.ts";
import type { ConciliationStrategy, StartingStrategy } from "../../../../src/config/supvisors-model.ts";
import {
  controlStep,
  initialControlState,
  type ControlEffect,
  type ControlInput,
  type ControlReply,
  type ControlRequest,
  type ControlState,
} from "../../../../src/control/engine/index.ts";
import { RulesBook } from "../../../../src/control/model/rules-book.ts";
import type { ClusterSnapshot, InstanceSnapshot } from "../../../../src/control/model/snapshot.ts";
import { ProcessStates } from "../../../../src/process/states.ts";
import { FakeWorld, type ProgramSpec, id } from "./fake-world.ts";

export { type Behaviour, type ProgramSpec, id } from "./fake-world.ts";

export interface ClusterSpec {
  /** Instance nicks; identifiers are `<nick>:9001`. */
  instances: string[];
  /** Instance nick → node name (default: one node per instance). */
  nodes?: Record<string, string>;
  programs: ProgramSpec[];
  rules?: string;
  tickPeriod?: number;
  startingStrategy?: StartingStrategy;
  conciliationStrategy?: ConciliationStrategy;
  /** Master nick (default: the first instance). */
  master?: string;
  fsm?: FsmState;
  /** Drive the Master FSM from the views (default true). */
  autoFsm?: boolean;
}

export class Node {
  state: ControlState;
  readonly effects: ControlEffect[] = [];
  readonly replies = new Map<number, ControlReply>();
  view = { startingJobs: false, stoppingJobs: false, conflicting: false };
  alive = true;
  constructor(
    readonly id: string,
    state: ControlState,
  ) {
    this.state = state;
  }
  logs(level?: string): string[] {
    return this.effects.filter((e) => e.type === "log" && (level === undefined || e.level === level)).map((e) => (e as { text: string }).text);
  }
}

export class FakeCluster extends FakeWorld {
  master: string;
  fsm: FsmState;
  readonly tickPeriod: number;
  readonly book: RulesBook;
  readonly nodes = new Map<string, Node>();
  /** Every effect of every node, in order, with its node and time (for invariants and asserts). */
  readonly trace: { node: string; at: number; effect: ControlEffect }[] = [];
  readonly invariantErrors: string[] = [];
  readonly checks: ((cluster: FakeCluster, node: Node, effects: ControlEffect[]) => void)[] = [];
  readonly autoFsm: boolean;
  #queue: { node: Node; input: ControlInput }[] = [];
  #pumping = false;
  #nextRequest = 1;
  #nextTick: number;

  constructor(spec: ClusterSpec) {
    super(spec.instances, spec.nodes ?? {}, spec.programs);
    this.tickPeriod = spec.tickPeriod ?? 1;
    this.#nextTick = this.tickPeriod;
    this.master = id(spec.master ?? (spec.instances[0] as string));
    this.fsm = spec.fsm ?? "OPERATION";
    this.autoFsm = spec.autoFsm ?? true;
    const starting = spec.startingStrategy ?? "CONFIG";
    this.book = spec.rules === undefined ? RulesBook.empty(starting) : new RulesBook(mergeRulesTexts([{ path: "rules.xml", text: spec.rules }]).rules, starting);
    for (const identifier of this.instances.keys()) {
      const options = { localId: identifier, tickPeriod: this.tickPeriod, startingStrategy: starting, conciliationStrategy: spec.conciliationStrategy ?? "USER" };
      this.nodes.set(identifier, new Node(identifier, initialControlState(options, this.book)));
    }
    // The engines learn the initial lists as a handshake would bring them (no events).
    for (const node of this.nodes.values()) this.deliver(node, { type: "tick" });
  }

  node(nick: string): Node {
    return this.nodes.get(id(nick)) as Node;
  }

  get masterNode(): Node {
    return this.nodes.get(this.master) as Node;
  }

  snapshotFor(localId: string): ClusterSnapshot {
    const instances = new Map<string, InstanceSnapshot>();
    for (const [identifier, instance] of this.instances) instances.set(identifier, instance.snapshot);
    return { localId, master: this.master, fsm: this.fsm, instances };
  }

  // --- engine feeding --------------------------------------------------------------------------

  deliver(node: Node, input: ControlInput): void {
    this.#queue.push({ node, input });
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      while (this.#queue.length > 0) {
        const { node: target, input: next } = this.#queue.shift() as { node: Node; input: ControlInput };
        if (!target.alive) continue;
        const result = controlStep(target.state, this.snapshotFor(target.id), next, this.now);
        target.state = result.state;
        target.effects.push(...result.effects);
        for (const effect of result.effects) this.trace.push({ node: target.id, at: this.now, effect });
        for (const check of this.checks) check(this, target, result.effects);
        for (const effect of result.effects) this.#apply(target, effect);
        this.#evaluateFsm(false);
      }
    } finally {
      this.#pumping = false;
    }
  }

  protected broadcast(input: ControlInput): void {
    for (const node of this.nodes.values()) if (node.alive) this.deliver(node, input);
  }

  request(nick: string, request: ControlRequest): number {
    const requestId = this.#nextRequest++;
    this.deliver(this.node(nick), { type: "request", id: requestId, request });
    return requestId;
  }

  reply(nick: string, requestId: number): ControlReply | undefined {
    return this.node(nick).replies.get(requestId);
  }

  protected refused(requester: string, identifier: string, key: string, action: "start" | "stop", reason: string): void {
    const node = this.nodes.get(requester);
    if (node !== undefined) this.deliver(node, { type: "commandFailed", identifier, namespec: key, action, reason });
  }

  #apply(node: Node, effect: ControlEffect): void {
    switch (effect.type) {
      case "start":
        return this.order(node.id, effect.identifier, effect.namespec, "start", effect.extraArgs);
      case "stop":
        return this.order(node.id, effect.identifier, effect.namespec, "stop", "");
      case "forced":
        for (const other of this.nodes.values()) {
          if (other !== node && other.alive) this.deliver(other, { type: "forced", namespec: effect.namespec, state: effect.state, reason: effect.reason });
        }
        return;
      case "view":
        node.view = { startingJobs: effect.startingJobs, stoppingJobs: effect.stoppingJobs, conflicting: effect.conflicting };
        return;
      case "reply":
        if (node.replies.has(effect.id)) this.invariantErrors.push(`request ${effect.id} answered twice`);
        node.replies.set(effect.id, effect.reply);
        return;
      default:
        return;
    }
  }

  // --- instances -----------------------------------------------------------------------------------

  /**
   * ST-IN-16/17 as the cluster core does it: the instance goes STOPPED, its running processes FATAL
   * there ("Supervisor <id> lost", one event each), then the loss with the processes running nowhere.
   */
  lose(nick: string): void {
    const identifier = id(nick);
    const instance = this.instances.get(identifier);
    const node = this.nodes.get(identifier);
    if (instance === undefined || node === undefined) return;
    node.alive = false;
    const running = [...instance.processes].filter(([, info]) => [10, 20, 30, 40].includes(info.state));
    instance.snapshot = { ...instance.snapshot, state: "STOPPED" as InstanceState };
    const lost: string[] = [];
    for (const [key, info] of running) {
      this.bump(identifier, key);
      const failed = { ...info, state: ProcessStates.FATAL, statename: "FATAL", expected: false, spawnerr: `Supervisor ${identifier} lost` };
      this.put(identifier, key, failed);
      if (this.runningOn(key).length === 0) lost.push(key);
      this.broadcast({ type: "processEvent", identifier, info: failed });
    }
    if (this.master === identifier) {
      this.master = "";
      this.fsm = "ELECTION";
    }
    this.broadcast({ type: "instanceLost", identifier, lostProcesses: lost });
    if (this.fsm === "ELECTION") this.broadcast({ type: "jobs", command: "abort" });
  }

  /** The FSM elects `nick`, which goes through DISTRIBUTION (ST-FSM-03). */
  elect(nick: string): void {
    this.master = id(nick);
    this.fsm = "DISTRIBUTION";
    this.deliver(this.masterNode, { type: "jobs", command: "startApplications" });
  }

  /** Enters `state` as the cluster FSM does, with its entry jobs. */
  enter(state: FsmState): void {
    this.fsm = state;
    const master = this.masterNode;
    if (state === "DISTRIBUTION") this.deliver(master, { type: "jobs", command: "startApplications" });
    if (state === "CONCILIATION") this.deliver(master, { type: "jobs", command: "conciliate" });
    if (state === "RESTARTING" || state === "SHUTTING_DOWN" || state === "ELECTION" || state === "SYNCHRONIZATION") {
      this.broadcast({ type: "jobs", command: "abort" });
      if (state === "RESTARTING" || state === "SHUTTING_DOWN") this.deliver(master, { type: "jobs", command: "stopApplications" });
    }
  }

  /** The Master's FSM; the end of RESTARTING / SHUTTING_DOWN is looked at on ticks only. */
  #evaluateFsm(onTick: boolean): void {
    if (!this.autoFsm || this.master === "") return;
    const view = this.masterNode.view;
    const idle = !view.startingJobs && !view.stoppingJobs;
    if (this.fsm === "DISTRIBUTION" && !view.startingJobs) this.fsm = "OPERATION";
    else if (this.fsm === "OPERATION" && idle && view.conflicting) this.enter("CONCILIATION");
    else if (this.fsm === "CONCILIATION" && idle && !view.conflicting) this.fsm = "OPERATION";
    else if ((this.fsm === "RESTARTING" || this.fsm === "SHUTTING_DOWN") && onTick && !view.stoppingJobs) this.fsm = "FINAL";
  }

  // --- time ----------------------------------------------------------------------------------------

  /** Runs timers and ticks up to now + `seconds`, in time order (ticks after timers of the same time). */
  advance(seconds: number): void {
    const end = this.now + seconds;
    for (;;) {
      // Timers due before the next tick first (and those of the tick's own time).
      if (this.runTimer(Math.min(this.#nextTick, end))) continue;
      if (this.#nextTick > end) break;
      this.now = this.#nextTick;
      this.#nextTick += this.tickPeriod;
      this.broadcast({ type: "tick" });
      this.#evaluateFsm(true);
      if (this.autoFsm && this.fsm === "CONCILIATION" && this.master !== "") {
        const view = this.masterNode.view;
        if (!view.startingJobs && !view.stoppingJobs && view.conflicting) this.deliver(this.masterNode, { type: "jobs", command: "conciliate" });
      }
    }
    this.now = end;
  }

  /** Advances until `done()` or the deadline (virtual seconds); true when done. */
  until(done: () => boolean, deadline = 120): boolean {
    const end = this.now + deadline;
    while (!done()) {
      if (this.now >= end) return false;
      this.advance(Math.min(0.1, end - this.now));
    }
    return true;
  }
}
