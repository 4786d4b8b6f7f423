// One node's part of the cluster: feeds the pure core with ticks, transport events and local
// process changes, and carries out what it decides (frames to peers, links, logs, the daemon's
// restart or shutdown). Everything that decides lives in src/cluster; this file only moves data.

import { ClusterCore, type ClusterEffect, type ClusterInput, type ClusterOptions, type RequestReply } from "../cluster/index.ts";
import type { ClusterMessage, ProcessInfo } from "../cluster/messages.ts";
import type { Transport } from "../cluster/transport.ts";
import type { LogLevelName } from "../config/model.ts";
import type { LocalSupervisor } from "../supervisor/local-supervisor.ts";
import type { ProcessEntry } from "../supervisor/process-entry.ts";
import { Heartbeat, realScheduler, type HeartbeatScheduler } from "./heartbeat.ts";
import { localProcessInfo, programRank, programRanks, type MonotonicClock } from "./local-process-info.ts";

/**
 * What the control layer receives from the cluster: the effects meant for it (process events,
 * losses, FSM job commands, peers' control messages), and each local tick.
 */
export interface ClusterListener {
  effect(effect: ClusterEffect): void;
  tick(): void;
}

export interface ClusterNodeOptions {
  options: ClusterOptions;
  transport: Transport;
  sup: LocalSupervisor;
  log(level: LogLevelName, text: string): void;
  /** What RESTARTING / SHUTTING_DOWN end in (ST-FSM-06/07). */
  restartDaemon(): void;
  shutdownDaemon(): void;
  clock?: MonotonicClock;
  /** Timers of the tick and of the failure detector's checks (real ones by default). */
  scheduler?: HeartbeatScheduler;
}

const systemMonotonic: MonotonicClock = {
  wallMs: () => Date.now(),
  monotonic: () => performance.now() / 1000,
};

export class ClusterNode {
  readonly #o: ClusterNodeOptions;
  readonly #clock: MonotonicClock;
  readonly #core: ClusterCore;
  #heartbeat: Heartbeat | null = null;
  readonly #unsubscribe: (() => void)[] = [];
  readonly #listeners = new Set<ClusterListener>();

  constructor(o: ClusterNodeOptions) {
    this.#o = o;
    this.#clock = o.clock ?? systemMonotonic;
    this.#core = new ClusterCore(o.options, this.#clock.monotonic(), this.#clock.wallMs() / 1000);
  }

  get core(): ClusterCore {
    return this.#core;
  }

  now(): number {
    return this.#clock.monotonic();
  }

  listen(listener: ClusterListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Sends a message to one peer (the control layer's orders and reports). */
  send(to: string, payload: ClusterMessage): void {
    this.#o.transport.send(to, payload);
  }

  /** Sends a message to every instance in the cluster but the local one (RUNNING or CHECKED). */
  broadcast(payload: ClusterMessage): void {
    const state = this.#core.state;
    for (const [id, record] of state.instances) {
      if (id !== state.localId && (record.state === "RUNNING" || record.state === "CHECKED")) this.#o.transport.send(id, payload);
    }
  }

  /** Starts ticking, listening to the transport and to local process changes. */
  start(): void {
    const sup = this.#o.sup;
    this.#unsubscribe.push(this.#o.transport.onEvent((event) => this.handle({ type: "transport", event })));
    this.#unsubscribe.push(
      sup.onTransition((entry) => this.handle({ type: "localProcess", info: this.#info(entry) })),
      sup.onGroupsChanged(() => this.refreshLocalProcesses()),
    );
    this.handle({ type: "localProcesses", processes: this.#allInfo() });
    this.#heartbeat = new Heartbeat(this.#o.scheduler ?? realScheduler, this.#o.options.tickPeriod, {
      tick: () => {
        this.handle({ type: "tick", wall: this.#clock.wallMs() / 1000 });
        for (const listener of this.#listeners) listener.tick();
      },
      check: (late) => this.handle({ type: "liveness", late }),
    });
    this.#heartbeat.start();
  }

  /** Feeds one input and carries out the effects; returns the reply of a request input. */
  handle(input: ClusterInput): RequestReply | undefined {
    const result = this.#core.handle(input, this.#clock.monotonic());
    for (const effect of result.effects) this.#apply(effect);
    return result.reply;
  }

  /** After add/remove of process groups (reread/update) or a restart: the whole list again. */
  refreshLocalProcesses(): void {
    this.handle({ type: "localProcesses", processes: this.#allInfo() });
  }

  async close(): Promise<void> {
    this.#heartbeat?.stop();
    this.#heartbeat = null;
    for (const off of this.#unsubscribe.splice(0)) off();
    await this.#o.transport.close();
  }

  /** Every local process, ranks computed once per group. */
  #allInfo(): ProcessInfo[] {
    const ranks = new Map<string, Map<ProcessEntry, number>>();
    return this.#o.sup.entries().map((entry) => {
      let ofGroup = ranks.get(entry.group);
      if (ofGroup === undefined) ranks.set(entry.group, (ofGroup = programRanks(this.#o.sup.group(entry.group)?.entries ?? [entry])));
      return localProcessInfo(entry, ofGroup.get(entry) ?? 0, this.#clock);
    });
  }

  #info(entry: ProcessEntry) {
    const siblings = this.#o.sup.group(entry.group)?.entries ?? [entry];
    return localProcessInfo(entry, programRank(entry, siblings), this.#clock);
  }

  #apply(effect: ClusterEffect): void {
    const t = this.#o.transport;
    switch (effect.type) {
      case "send":
        t.send(effect.to, effect.payload);
        break;
      case "connect":
        t.connect(effect.peer, effect.address);
        break;
      case "forget":
        t.forget(effect.identifier);
        break;
      case "reset":
        t.reset(effect.identifier, effect.reason);
        break;
      case "announce":
        t.announce();
        break;
      case "log":
        this.#o.log(effect.level, effect.text);
        break;
      case "publish":
        // No debug line per publication: serialising every event for a log that is usually off
        // cost more than the publication itself with a thousand processes (the event interface
        // and the dashboard show them).
        for (const listener of this.#listeners) listener.effect(effect);
        break;
      case "jobs":
      case "deliver":
        for (const listener of this.#listeners) listener.effect(effect);
        break;
      case "restartLocal":
        this.#o.restartDaemon();
        break;
      case "shutdownLocal":
        this.#o.shutdownDaemon();
        break;
    }
  }
}
