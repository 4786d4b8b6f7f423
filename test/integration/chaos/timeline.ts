// What the invariants read: a run's record (observer samples, fault log, instance transitions
// from the daemons' logs) and the questions asked of it at a time t: what each instance last
// said, which instances were alive, and how the network split them.

import type { FaultEvent } from "./cluster.ts";
import type { LogTransition } from "./logs.ts";
import type { ObserverSample } from "./observer.ts";

export interface ChaosRecord {
  /** Origin of the times printed in reports (epoch ms). */
  t0: number;
  nicks: readonly string[];
  samples: readonly ObserverSample[];
  faults: readonly FaultEvent[];
  transitions: readonly LogTransition[];
}

/** Process states that count as "a copy is there". */
export const RUNNING_STATES: ReadonlySet<string> = new Set(["RUNNING", "STARTING"]);

export class Timeline {
  readonly #byNick = new Map<string, ObserverSample[]>();
  /** Every time at which something was learnt or done, sorted. */
  readonly times: number[];

  constructor(readonly record: ChaosRecord) {
    for (const nick of record.nicks) this.#byNick.set(nick, []);
    for (const s of record.samples) if (s.ok) this.#byNick.get(s.nick)?.push(s);
    for (const list of this.#byNick.values()) list.sort((a, b) => a.t - b.t);
    this.times = [...new Set([...record.samples.map((s) => s.t), ...record.faults.map((f) => f.t)])].sort((a, b) => a - b);
  }

  /** The last answer of `nick` received at or before `t`. */
  sampleAt(nick: string, t: number): ObserverSample | undefined {
    const list = this.#byNick.get(nick) ?? [];
    let lo = 0;
    let hi = list.length - 1;
    let found: ObserverSample | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.t <= t) {
        found = list[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  answers(nick: string): readonly ObserverSample[] {
    return this.#byNick.get(nick) ?? [];
  }

  #last(nick: string, t: number, kinds: readonly FaultEvent["kind"][]): FaultEvent | undefined {
    let last: FaultEvent | undefined;
    for (const f of this.record.faults) if (f.t <= t && kinds.includes(f.kind) && f.nicks.includes(nick)) last = f;
    return last;
  }

  /** Its processes are gone: crashed and not launched again. */
  crashed(nick: string, t: number): boolean {
    return this.#last(nick, t, ["crash", "start"])?.kind === "crash";
  }

  paused(nick: string, t: number): boolean {
    return this.#last(nick, t, ["pause", "resume"])?.kind === "pause";
  }

  /** Whether its daemon can act (neither crashed, killed nor paused). */
  alive(nick: string, t: number): boolean {
    return !this.crashed(nick, t) && !this.paused(nick, t) && this.#last(nick, t, ["kill-daemon", "start"])?.kind !== "kill-daemon";
  }

  /**
   * The sides of the partition in force at `t` (one side holding everyone when none is). A cut or
   * a heal is in force once its rules are in every namespace (`appliedMs` after it began).
   */
  sides(t: number): string[][] {
    let sides: string[][] = [[...this.record.nicks]];
    for (const f of this.record.faults) {
      if (f.t + (f.appliedMs ?? 0) > t) continue;
      if (f.kind === "partition") sides = (f.detail ?? "").split(" | ").map((s) => s.split("+"));
      if (f.kind === "heal") sides = [[...this.record.nicks]];
    }
    return sides;
  }

  /** The groups of live instances that can talk to each other at `t`. */
  components(t: number): string[][] {
    return this.sides(t)
      .map((side) => side.filter((nick) => this.alive(nick, t)))
      .filter((side) => side.length > 0);
  }

  /**
   * Whether a fault touched `nick` at `t` or less than `afterMs` before: from a partition that
   * cuts it off to the heal, from a pause to the resume, from a crash or kill to the next launch.
   * CPU hogs and packet loss touch no one: nobody may be lost because of them.
   */
  faultedAt(nick: string, t: number, afterMs: number): boolean {
    let since: number | null = null;
    for (const f of this.record.faults) {
      if (f.t > t) break;
      const cut = f.kind === "partition" && (f.detail ?? "").includes(" | ");
      if ((cut || f.kind === "pause" || f.kind === "crash" || f.kind === "kill-daemon") && f.nicks.includes(nick)) since ??= f.t;
      else if ((f.kind === "heal" || f.kind === "resume" || f.kind === "start") && f.nicks.includes(nick) && since !== null) {
        if (t - f.t < afterMs) return true;
        since = null;
      }
    }
    return since !== null;
  }

  /** `+12.345 s`: a time of the run as reports print it. */
  at(t: number): string {
    return `+${((t - this.record.t0) / 1000).toFixed(3)} s`;
  }
}
