// The processes of a FakeCluster: every instance's process list as the cluster core would hold
// it (one map per instance, replaced on each change), and processes reacting to start / stop
// orders on a virtual clock — STARTING → RUNNING after startsecs, or the failure a test asks for.
// The cluster side (engines, FSM, ticks) is in fake-cluster.ts.

import type { ProcessInfo } from "../../../../src/cluster/messages.ts";
import type { ControlInput } from "../../../../src/control/engine/index.ts";
import type { InstanceSnapshot } from "../../../../src/control/model/snapshot.ts";
import { ProcessStates, type ProcessStateName } from "../../../../src/process/states.ts";

/** How a process behaves on one instance when it is started there. */
export type Behaviour =
  | { kind: "ok" }
  /** RUNNING, then exits after `after` seconds with an expected code or not. */
  | { kind: "exit"; after: number; expected: boolean }
  /** Exits too quickly: BACKOFF, then FATAL. */
  | { kind: "fatal" }
  /** Never reacts to the order (no event at all). */
  | { kind: "silent" }
  /** STARTING for ever. */
  | { kind: "stuck" }
  /** The daemon refuses the order (spawn error). */
  | { kind: "refuse"; reason: string };

export interface ProgramSpec {
  group: string;
  name: string;
  /** Instances where it is configured (default: all). */
  on?: string[];
  startsecs?: number;
  stopwaitsecs?: number;
  /** Seconds from STOPPING to STOPPED (default 0.2); null: never stops. */
  stopDelay?: number | null;
  behaviour?: Behaviour | Record<string, Behaviour>;
  /** The daemon refuses stop orders with this fault text (the process keeps running). */
  stopRefused?: string;
  disabledOn?: string[];
  /** Program of a homogeneous group (numprocs > 1) and rank in it; default: its own name, spec order. */
  program?: string;
  index?: number;
}

export const id = (nick: string) => `${nick}:9001`;

interface Timer {
  at: number;
  seq: number;
  run: () => void;
}

export interface Instance {
  snapshot: InstanceSnapshot;
  processes: Map<string, ProcessInfo>;
}

export abstract class FakeWorld {
  now = 0;
  readonly instances = new Map<string, Instance>();
  readonly specs = new Map<string, ProgramSpec>();
  #timers: Timer[] = [];
  #timerSeq = 0;
  #generation = new Map<string, number>();

  constructor(instances: string[], nodes: Record<string, string>, specs: ProgramSpec[]) {
    for (const nick of instances) {
      const identifier = id(nick);
      this.instances.set(identifier, {
        snapshot: {
          identity: { identifier, nick, host: nick, httpPort: 9001, stereotypes: [] },
          state: "RUNNING",
          network: { machine_id: nodes[nick] ?? nick, fqdn: nick, addresses: {} },
          processes: new Map(),
        },
        processes: new Map(),
      });
    }
    specs.forEach((program, index) => {
      const key = `${program.group}:${program.name}`;
      this.specs.set(key, program);
      for (const identifier of (program.on ?? instances).map((n) => (n.includes(":") ? n : id(n)))) {
        this.put(identifier, key, this.#info(program, index, identifier));
      }
    });
  }

  /** Hands a process event (or a loss) to every live engine. */
  protected abstract broadcast(input: ControlInput): void;
  /** Tells the engine that gave an order that the target daemon refused it. */
  protected abstract refused(requester: string, identifier: string, key: string, action: "start" | "stop", reason: string): void;

  #info(spec: ProgramSpec, index: number, identifier: string): ProcessInfo {
    return {
      group: spec.group,
      name: spec.name,
      state: ProcessStates.STOPPED,
      statename: "STOPPED",
      start: 0,
      stop: 0,
      now: 1000 + this.now,
      pid: 0,
      description: "Not started",
      spawnerr: "",
      expected: true,
      start_monotonic: 0,
      stop_monotonic: 0,
      now_monotonic: this.now,
      extra_args: "",
      startsecs: spec.startsecs ?? 1,
      stopwaitsecs: spec.stopwaitsecs ?? 10,
      process_index: spec.index ?? index,
      program_name: spec.program ?? spec.name,
      disabled: spec.disabledOn?.map(id).includes(identifier) ?? false,
      has_stdout: false,
      has_stderr: false,
    };
  }

  protected put(identifier: string, key: string, info: ProcessInfo): void {
    const instance = this.instances.get(identifier);
    if (instance === undefined) return;
    instance.processes.set(key, info);
    // The cluster core replaces an instance's map on every change (copy-on-write).
    instance.snapshot = { ...instance.snapshot, processes: new Map(instance.processes) };
  }

  info(nick: string, key: string): ProcessInfo | undefined {
    return this.instances.get(id(nick))?.processes.get(key);
  }

  stateOn(nick: string, key: string): ProcessStateName | undefined {
    return this.info(nick, key)?.statename as ProcessStateName | undefined;
  }

  /** Instances where `key` is in a running state. */
  runningOn(key: string): string[] {
    return [...this.instances]
      .filter(([, i]) => i.snapshot.state === "RUNNING" && [10, 20, 30].includes(i.processes.get(key)?.state ?? 0))
      .map(([identifier]) => identifier);
  }

  #behaviour(key: string, identifier: string): Behaviour {
    const behaviour = this.specs.get(key)?.behaviour;
    if (behaviour === undefined) return { kind: "ok" };
    if ("kind" in behaviour) return behaviour as Behaviour;
    const nick = identifier.split(":")[0] as string;
    return (behaviour as Record<string, Behaviour>)[nick] ?? { kind: "ok" };
  }

  protected bump(identifier: string, key: string): number {
    const generation = (this.#generation.get(`${identifier}|${key}`) ?? 0) + 1;
    this.#generation.set(`${identifier}|${key}`, generation);
    return generation;
  }

  #later(delay: number, identifier: string, key: string, run: () => void): void {
    const generation = this.#generation.get(`${identifier}|${key}`) ?? 0;
    this.#timers.push({ at: this.now + delay, seq: this.#timerSeq++, run: () => {
      if (this.#generation.get(`${identifier}|${key}`) === generation) run();
    } });
  }

  /** Changes the state of `key` on `identifier` and tells every engine. */
  setState(identifier: string, key: string, state: ProcessStateName, patch: Partial<ProcessInfo> = {}): void {
    const instance = this.instances.get(identifier);
    const before = instance?.processes.get(key);
    if (instance === undefined || before === undefined || instance.snapshot.state !== "RUNNING") return;
    const info: ProcessInfo = { ...before, state: ProcessStates[state], statename: state, now: 1000 + this.now, now_monotonic: this.now, ...patch };
    if (state === "STARTING") Object.assign(info, { start: 1000 + this.now, start_monotonic: this.now });
    if (state === "STOPPED" || state === "EXITED") Object.assign(info, { stop: 1000 + this.now, stop_monotonic: this.now });
    this.put(identifier, key, info);
    this.broadcast({ type: "processEvent", identifier, info });
  }

  order(requester: string, identifier: string, key: string, action: "start" | "stop", extraArgs: string): void {
    const instance = this.instances.get(identifier);
    if (instance === undefined || instance.snapshot.state !== "RUNNING") return;
    const info = instance.processes.get(key);
    const refuse = (reason: string) => this.refused(requester, identifier, key, action, reason);
    if (info === undefined) return refuse("BAD_NAME");
    // Supervisor: stopProcess needs a running state (not STOPPING); startProcess refuses those and STOPPING.
    const running = [10, 20, 30, 40].includes(info.state);
    if (action === "stop") {
      if (![10, 20, 30].includes(info.state)) return refuse("NOT_RUNNING");
      const refused = this.specs.get(key)?.stopRefused;
      if (refused !== undefined) return refuse(refused);
      this.bump(identifier, key);
      const delay = this.specs.get(key)?.stopDelay;
      if (delay !== null) this.#later(delay ?? 0.2, identifier, key, () => this.setState(identifier, key, "STOPPED"));
      this.setState(identifier, key, "STOPPING");
      return;
    }
    if (running) return refuse("ALREADY_STARTED");
    const behaviour = this.#behaviour(key, identifier);
    if (behaviour.kind === "refuse") return refuse(behaviour.reason);
    if (behaviour.kind === "silent") return;
    this.bump(identifier, key);
    // Timers first: an engine reacting to STARTING (a stop) must be able to cancel them.
    const startsecs = this.specs.get(key)?.startsecs ?? 1;
    switch (behaviour.kind) {
      case "ok":
        this.#later(startsecs, identifier, key, () => this.setState(identifier, key, "RUNNING"));
        break;
      case "exit":
        this.#later(startsecs, identifier, key, () => this.setState(identifier, key, "RUNNING"));
        this.#later(startsecs + behaviour.after, identifier, key, () =>
          this.setState(identifier, key, "EXITED", { expected: behaviour.expected, spawnerr: behaviour.expected ? "" : "Bad exit code 1" }),
        );
        break;
      case "fatal":
        this.#later(0.3, identifier, key, () => this.setState(identifier, key, "BACKOFF", { spawnerr: "Exited too quickly" }));
        this.#later(0.6, identifier, key, () => this.setState(identifier, key, "FATAL", { spawnerr: "Exited too quickly", expected: false }));
        break;
      case "stuck":
        break;
    }
    this.setState(identifier, key, "STARTING", { extra_args: extraArgs, expected: true, spawnerr: "" });
  }

  /** A process exits on its own (crash when not expected). */
  exit(nick: string, key: string, expected: boolean): void {
    this.bump(id(nick), key);
    this.setState(id(nick), key, "EXITED", { expected, spawnerr: expected ? "" : "Bad exit code 1" });
  }

  /** Starts `key` on an instance behind the engines' back (e.g. `supervisorctl start`). */
  startOutside(nick: string, key: string): void {
    this.bump(id(nick), key);
    this.#later(this.specs.get(key)?.startsecs ?? 1, id(nick), key, () => this.setState(id(nick), key, "RUNNING"));
    this.setState(id(nick), key, "STARTING");
  }

  /** Runs the next timer due at or before `limit`; false when there is none. */
  protected runTimer(limit: number): boolean {
    this.#timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const timer = this.#timers[0];
    if (timer === undefined || timer.at > limit) return false;
    this.#timers.shift();
    this.now = Math.max(this.now, timer.at);
    timer.run();
    return true;
  }
}
