// A virtual-clock driver for the pure process state machine: feeds inputs at chosen times and
// follows the machine's own wake-ups, recording every effect.

import { step, initialState, type Effect, type MachineConfig, type MachineInput, type MachineState } from "../../../src/process/machine.ts";
import { SupervisorStates, type ProcessState, type SupervisorState } from "../../../src/process/states.ts";

export function machineCfg(over: Partial<MachineConfig> = {}): MachineConfig {
  return {
    name: "x",
    startsecs: 1,
    startretries: 3,
    stopwaitsecs: 10,
    autostart: true,
    autorestart: "unexpected",
    exitcodes: [0],
    stopsignal: 15,
    stopasgroup: false,
    killasgroup: false,
    ...over,
  };
}

export const T0 = 1_700_000_000_000;

export class Sim {
  s: MachineState = initialState();
  now = T0;
  daemon: { state: SupervisorState } = { state: SupervisorStates.RUNNING };
  /** Effects of the last step. */
  last: Effect[] = [];
  /** Every effect since creation, with the time it was produced. */
  readonly history: { at: number; effect: Effect }[] = [];
  wakeAt: number | null = null;
  nextPid = 100;

  constructor(readonly cfg: MachineConfig = machineCfg()) {}

  feed(input: MachineInput): Effect[] {
    const r = step(this.cfg, this.s, input, this.now, this.daemon);
    this.s = r.state;
    this.last = r.effects;
    this.wakeAt = null;
    for (const effect of r.effects) {
      this.history.push({ at: this.now, effect });
      if (effect.type === "wake") this.wakeAt = effect.at;
    }
    return r.effects;
  }

  /** Moves the clock by `ms` without delivering any tick. */
  advance(ms: number): this {
    this.now += ms;
    return this;
  }

  /** Delivers the machine's own wake-ups up to time `t`, then sets the clock to `t`. */
  runUntil(t: number, onSpawn?: () => MachineInput): void {
    while (this.wakeAt !== null && this.wakeAt <= t) {
      this.now = this.wakeAt;
      this.feed({ type: "tick" });
      if (onSpawn && this.last.some((e) => e.type === "spawn")) this.feed(onSpawn());
    }
    this.now = t;
  }

  /** start + spawned. */
  startOk(): number {
    this.feed({ type: "start" });
    const pid = this.nextPid++;
    this.feed({ type: "spawned", pid });
    return pid;
  }

  /** startOk then up to RUNNING. */
  running(): number {
    const pid = this.startOk();
    this.runUntil(this.now + this.cfg.startsecs * 1000 + 1);
    if (this.s.state !== 20) throw new Error(`not RUNNING: ${this.s.state}`);
    return pid;
  }

  transitions(effects: Effect[] = this.last): [ProcessState, ProcessState, boolean?][] {
    return effects.flatMap((e) => (e.type === "transition" ? [[e.from, e.to, e.expected] as [ProcessState, ProcessState, boolean?]] : []));
  }

  logs(effects: Effect[] = this.last): string[] {
    return effects.flatMap((e) => (e.type === "log" ? [`${e.level} ${e.message}`] : []));
  }

  kills(effects: Effect[] = this.last): { signal: number; group: boolean; pid: number }[] {
    return effects.flatMap((e) => (e.type === "kill" ? [{ signal: e.signal, group: e.group, pid: e.pid }] : []));
  }

  spawnTimes(): number[] {
    return this.history.filter((h) => h.effect.type === "spawn").map((h) => h.at);
  }
}
