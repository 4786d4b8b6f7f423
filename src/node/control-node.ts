// One node's control layer at run time: feeds the pure control engine with what the cluster
// reports (process events, losses, FSM job commands, peers' orders, ticks) and with user requests,
// and carries out what it decides — start/stop orders on the local daemon or sent to the target
// peer, forced states told to every peer, the jobs view handed back to the cluster FSM, replies
// to waiting requests. Like ClusterNode, it decides nothing itself.

import type { ClusterEffect } from "../cluster/effects.ts";
import { message, type ControlMessage, type ForcedMessage, type ProcessInfo } from "../cluster/messages.ts";
import type { ProcessEventBody } from "../cluster/serial.ts";
import type { LogLevelName } from "../config/model.ts";
import {
  conflicts,
  controlStep,
  jobsOf,
  initialControlState,
  type ControlEffect,
  type ControlInput,
  type ControlOptions,
  type ControlReply,
  type ControlRequest,
  type ControlState,
} from "../control/engine/index.ts";
import type { RulesBook } from "../control/model/rules-book.ts";
import type { ApplicationStatus } from "../control/model/application-status.ts";
import type { ProcessStatus } from "../control/model/synthesis.ts";
import type { ClusterSnapshot } from "../control/model/snapshot.ts";
import type { ClusterListener, ClusterNode } from "./cluster-node.ts";
import { KeyedBatch } from "./event-batch.ts";
import { SlicedQueue } from "./sliced-queue.ts";

/** The local daemon's side of an order: Supvisors sends these as XML-RPCs to the target instance. */
/**
 * What the control layer publishes: application and process statuses (EVT-12/13) and the states
 * it forces (EVT-15), whether this node forced them or a peer told it.
 */
export type ControlPublication =
  | { topic: "application"; status: ApplicationStatus; deleted?: boolean }
  | { topic: "process"; status: ProcessStatus; deleted?: boolean }
  /** As the forcing node tells its peers: its clocks (`at`, `when`) come with it. */
  | ({ topic: "forced" } & Omit<ForcedMessage, "v" | "kind">);

export interface LocalCommands {
  /** `supvisors.start_args(namespec, extraArgs, false)`; rejects with the fault text. */
  start(namespec: string, extraArgs: string): Promise<unknown>;
  /** `supervisor.stopProcess(namespec, false)`; rejects with the fault text. */
  stop(namespec: string): Promise<unknown>;
}

export interface ControlNodeOptions {
  options: ControlOptions;
  book: RulesBook;
  cluster: ClusterNode;
  local: LocalCommands;
  log(level: LogLevelName, text: string): void;
}

/** A process event body carries the process struct plus who reported it; the engine wants the struct. */
function processInfoOf(body: ProcessEventBody): ProcessInfo {
  const { identifier: _id, nick_identifier: _nick, event_mtime: _mtime, ...info } = body;
  return info;
}

function faultText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class ControlNode implements ClusterListener {
  readonly #o: ControlNodeOptions;
  #state: ControlState;
  #nextRequestId = 1;
  readonly #pending = new Map<number, (reply: ControlReply) => void>();
  readonly #publishListeners = new Set<(publication: ControlPublication) => void>();
  /**
   * Whole process lists (handshake, full list: the cluster's quiet events) received in this turn,
   * stepped over together (processEvents): one step per process refreshed the process's whole
   * application each time. Reported changes are not gathered: deferring them to the end of the
   * turn made restart_application / restart_process fail in the ctl integration tests (not
   * understood yet), and they come one or a few at a time anyway.
   */
  /** Local start and stop orders, carried out in slices of at most 10 ms of a turn. */
  readonly #orders = new SlicedQueue({ onError: (error) => this.#o.log("error", `local order failed: ${faultText(error)}`) });
  readonly #events = new KeyedBatch<{ identifier: string; info: ProcessInfo }>(
    (e) => `${e.info.group}:${e.info.name}`,
    (events) => {
      const [first] = events;
      this.#step(events.length === 1 ? { type: "processEvent", ...first! } : { type: "processEvents", events });
    },
  );
  #unlisten: (() => void) | null = null;

  constructor(o: ControlNodeOptions) {
    this.#o = o;
    this.#state = initialControlState(o.options, o.book);
    for (const warning of o.book.warnings()) o.log("warn", warning);
  }

  get state(): ControlState {
    return this.#state;
  }

  get book(): RulesBook {
    return this.#o.book;
  }

  /** The cluster state as the control layer reads it (ClusterState has that shape). */
  snapshot(): ClusterSnapshot {
    return this.#o.cluster.core.state;
  }

  start(): void {
    this.#unlisten = this.#o.cluster.listen(this);
  }

  /**
   * Called with every application or process status the engine publishes and every forced state
   * (the web UI's live view, the event interface).
   */
  onPublish(listener: (publication: ControlPublication) => void): () => void {
    this.#publishListeners.add(listener);
    return () => this.#publishListeners.delete(listener);
  }

  close(): void {
    this.#events.clear();
    this.#orders.close();
    this.#unlisten?.();
    this.#unlisten = null;
    for (const [id, resolve] of this.#pending) {
      resolve({ ok: false, fault: "ABNORMAL_TERMINATION", detail: "the daemon is stopping" });
      this.#pending.delete(id);
    }
  }

  /** Runs a user request; resolves when the engine replies (at once, or when a waited job ends). */
  request(request: ControlRequest): Promise<ControlReply> {
    const id = this.#nextRequestId++;
    const reply = new Promise<ControlReply>((resolve) => this.#pending.set(id, resolve));
    this.handle({ type: "request", id, request });
    return reply;
  }

  handle(input: ControlInput): void {
    // Events waiting for their batch come first: every other input sees them as before.
    this.#events.flush();
    this.#step(input);
  }

  #step(input: ControlInput): void {
    const result = controlStep(this.#state, this.snapshot(), input, this.#o.cluster.now());
    this.#state = result.state;
    // Orders for peers leave first: spawning the local share takes time, and the other
    // instances need not wait for it to start theirs.
    const localId = this.#o.options.localId;
    const isLocalOrder = (e: ControlEffect) => (e.type === "start" || e.type === "stop") && e.identifier === localId;
    for (const effect of result.effects) if (!isLocalOrder(effect)) this.#apply(effect);
    for (const effect of result.effects) if (isLocalOrder(effect)) this.#apply(effect);
  }

  tick(): void {
    this.handle({ type: "tick" });
  }

  /** The cluster effects meant for the control layer. */
  effect(effect: ClusterEffect): void {
    switch (effect.type) {
      case "jobs":
        this.handle({ type: "jobs", command: effect.command });
        if (effect.command === "startApplications" || effect.command === "stopApplications") this.#answer(effect.command);
        return;
      case "deliver":
        if (effect.message.kind !== "stats") this.#deliver(effect.from, effect.message);
        return;
      case "publish": {
        const event = effect.event;
        if (event.topic === "event" && event.quiet === true) {
          // A whole list (handshake, full list): gathered, one step for all of it.
          this.#events.add({ identifier: event.body.identifier, info: processInfoOf(event.body) });
        } else if (event.topic === "event" || event.topic === "disability") {
          // A change an instance reported: stepped over at once, as the jobs waiting on it expect.
          this.handle({ type: "processEvent", identifier: event.body.identifier, info: processInfoOf(event.body) });
        }
        else if (event.topic === "processRemoved") this.handle({ type: "processRemoved", identifier: event.identifier, namespec: `${event.group}:${event.name}` });
        else if (event.topic === "instanceLost") this.handle({ type: "instanceLost", identifier: event.identifier, lostProcesses: event.lostProcesses });
        return;
      }
    }
  }

  /**
   * The cluster core counts startApplications / stopApplications as under way until the control
   * layer answers that very command (ClusterState.pendingJobs): the answer is the engine's view
   * once the command is planned.
   */
  #answer(command: "startApplications" | "stopApplications"): void {
    const jobs = jobsOf(this.#state);
    const view = { startingJobs: jobs.starting, stoppingJobs: jobs.stopping, conflicting: conflicts(this.#state, this.snapshot()).length > 0 };
    this.#o.cluster.handle({ type: "control", view, answers: command });
  }

  #publish(publication: ControlPublication): void {
    for (const listener of [...this.#publishListeners]) listener(publication);
  }

  #deliver(from: string, msg: ControlMessage): void {
    switch (msg.kind) {
      case "command":
        return this.#runLocally(from, msg.action, msg.namespec, msg.extraArgs);
      case "commandFailed":
        return this.handle({ type: "commandFailed", identifier: from, namespec: msg.namespec, action: msg.action, reason: msg.reason });
      case "forced":
        this.#publish({ topic: "forced", namespec: msg.namespec, state: msg.state, reason: msg.reason, identifier: msg.identifier, at: msg.at, when: msg.when });
        return this.handle({ type: "forced", namespec: msg.namespec, state: msg.state, reason: msg.reason, identifier: msg.identifier });
    }
  }

  /** Carries out an order on the local daemon; a refusal goes back to whoever gave the order. */
  #runLocally(requester: string, action: "start" | "stop", namespec: string, extraArgs: string): void {
    // Through the sliced queue: a burst of spawns (a whole application placed here) is spread over
    // turns of the event loop, stops keeping their place after the starts ordered before them.
    this.#orders.push(() => this.#carryOut(requester, action, namespec, extraArgs));
  }

  #carryOut(requester: string, action: "start" | "stop", namespec: string, extraArgs: string): void {
    const local = this.#o.local;
    const done = action === "start" ? local.start(namespec, extraArgs) : local.stop(namespec);
    done.catch((error: unknown) => {
      const reason = faultText(error);
      this.#o.log("warn", `${action} of ${namespec} asked by ${requester} failed: ${reason}`);
      const localId = this.#o.options.localId;
      if (requester === localId) this.handle({ type: "commandFailed", identifier: localId, namespec, action, reason });
      else this.#o.cluster.send(requester, message("commandFailed", { action, namespec, reason }));
    });
  }

  #order(identifier: string, action: "start" | "stop", namespec: string, extraArgs: string): void {
    const localId = this.#o.options.localId;
    if (identifier === localId) this.#runLocally(localId, action, namespec, extraArgs);
    else this.#o.cluster.send(identifier, message("command", { action, namespec, extraArgs }));
  }

  #apply(effect: ControlEffect): void {
    switch (effect.type) {
      case "start":
        return this.#order(effect.identifier, "start", effect.namespec, effect.extraArgs);
      case "stop":
        return this.#order(effect.identifier, "stop", effect.namespec, "");
      case "forced": {
        const { namespec, state, reason, identifier, at } = effect;
        const when = Date.now() / 1000;
        this.#publish({ topic: "forced", namespec, state, reason, identifier, at, when });
        return this.#o.cluster.broadcast(message("forced", { namespec, state, reason, identifier, at, when }));
      }
      case "view":
        this.#o.cluster.handle({
          type: "control",
          view: { startingJobs: effect.startingJobs, stoppingJobs: effect.stoppingJobs, conflicting: effect.conflicting },
        });
        return;
      case "closeCluster":
        this.#o.cluster.handle({ type: effect.action });
        return;
      case "reply": {
        const resolve = this.#pending.get(effect.id);
        this.#pending.delete(effect.id);
        resolve?.(effect.reply);
        return;
      }
      case "log":
        return this.#o.log(effect.level, effect.text);
      case "publish": {
        const { type: _type, ...publication } = effect;
        return this.#publish(publication);
      }
    }
  }
}
