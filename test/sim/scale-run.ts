// One large simulated cluster (issue 11, "beyond one machine"): N instances, each declaring P
// processes, started within one tick of each other, then a while of lossy network and random
// pauses of single nodes. Short stalls (below the user's bound) must never cost a loss; long
// pauses (SIGSTOP for seconds) must be lost and come back. Measured: how many ticks after the
// last start the whole cluster is in OPERATION, every loss declared and whether it was false.
// Used by test/sim/scale.test.ts (many small seeds) and bench/sim-scale.ts (100 × 1 000).
import type { ProcessInfo } from "../../src/cluster/messages.ts";
import { processInfo } from "../support/process-info.ts";
import { Sim } from "./cluster-sim.ts";

export interface ScaleSpec {
  seed: number;
  instances: number;
  processesPerInstance: number;
  /** Probability that one TCP segment (one frame) is lost and retransmitted, during the whole run. */
  loss: number;
  tickPeriod: number;
  inactivityTicks: number;
  /** Seconds of random pauses after the cluster formed. */
  faultSeconds: number;
  /** Mean seconds between two pauses (of one random node each). */
  pauseEvery: number;
  /** Of those pauses, the share that are long (SIGSTOP of `longPause` seconds). */
  longShare: number;
  longPause: number;
}

export interface ScaleResult {
  seed: number;
  /** Ticks between the last start and the whole cluster in OPERATION (Infinity if never). */
  formationTicks: number;
  /** Losses of an instance that was not in a long pause (or just out of one). */
  falseLosses: string[];
  /** Losses of paused instances, and how long after their pause began each was declared. */
  trueLosses: number;
  detectionSeconds: number[];
  /** Each true loss: who declared it, when after the pause began, and why. */
  detections: string[];
  shortPauses: number;
  longPauses: number;
  /** Invariant violations, agreement at the end, and nodes not in OPERATION at the end. */
  problems: string[];
}

function processesOf(nick: string, count: number): ProcessInfo[] {
  return Array.from({ length: count }, (_, i) => processInfo(`app${i % 10}`, `${nick}_p${i}`, "STOPPED"));
}

/** Runs one scale scenario; deterministic for its spec. */
export function scaleRun(spec: ScaleSpec): ScaleResult {
  const nicks = Array.from({ length: spec.instances }, (_, i) => `n${String(i).padStart(3, "0")}`);
  const sim = new Sim({
    seed: spec.seed,
    nodes: nicks.map((nick) => ({ nick })),
    base: { synchroOptions: ["STRICT"], tickPeriod: spec.tickPeriod, inactivityTicks: spec.inactivityTicks },
    // Peer links are TCP: a lost segment is retransmitted, delaying the frames behind it.
    network: { minDelay: 0.0005, maxDelay: 0.005, loss: spec.loss, lossMode: "retransmit" },
    checkAgreement: false,
  });
  const rng = sim.rng;
  const T = spec.tickPeriod;
  let lastStart = 0;
  for (const nick of nicks) {
    const at = rng.between(0, T);
    lastStart = Math.max(lastStart, at);
    sim.at(at, () => {
      sim.start(nick);
      sim.request(nick, { type: "localProcesses", processes: processesOf(nick, spec.processesPerInstance) });
    });
  }
  const formedAt = (() => {
    try {
      return sim.waitFor(() => sim.now >= lastStart && sim.allInOperation(), lastStart + 60 * T, "formation");
    } catch {
      return Number.POSITIVE_INFINITY;
    }
  })();
  const formationTicks = (formedAt - lastStart) / T;
  const result: ScaleResult = { seed: spec.seed, formationTicks, falseLosses: [], trueLosses: 0, detectionSeconds: [], detections: [], shortPauses: 0, longPauses: 0, problems: [] };
  if (!Number.isFinite(formedAt)) {
    result.problems.push(`not formed within 60 ticks of the last start\n${sim.describe()}`);
    return result;
  }

  // Pauses: each entry is [node id, from, to]; a loss of that node counts as true from `from`
  // until the node has had time to be heard again after `to`.
  const longPauses: [string, number, number][] = [];
  const bound = T * spec.inactivityTicks;
  const faultsFrom = sim.now;
  for (let t = faultsFrom + rng.between(0, spec.pauseEvery); t < faultsFrom + spec.faultSeconds; t += rng.between(0.2, 2) * spec.pauseEvery) {
    const nick = rng.pick(nicks);
    const long = rng.chance(spec.longShare);
    // Short: a stall well inside the bound (a busy loop, a slow disk); long: SIGSTOP.
    const seconds = long ? spec.longPause : rng.between(0.02, 0.6 * bound);
    if (long) {
      longPauses.push([sim.id(nick), t, t + seconds]);
      result.longPauses += 1;
    } else result.shortPauses += 1;
    sim.at(t, () => sim.pause(nick, seconds));
  }
  const settleUntil = faultsFrom + spec.faultSeconds + spec.longPause + 20 * T;
  sim.runUntil(settleUntil);

  // Judge every loss declared by every node.
  const lossLine = / WARN instance (\S+) is FAILED \((.*)\)$/;
  for (const nick of nicks) {
    for (const line of sim.node(nick).logs) {
      const match = lossLine.exec(line);
      if (!match) continue;
      const at = parseFloat(line);
      if (at < faultsFrom) {
        result.falseLosses.push(`${nick} @${at.toFixed(2)} during formation: ${match[1]} (${match[2]})`);
        continue;
      }
      const pause = longPauses.find(([id, from, to]) => id === match[1] && at >= from && at <= to + 3 * bound);
      // A node waking from its own long pause may declare others lost too: it was not judging.
      const ownPause = longPauses.find(([id, from, to]) => id === sim.id(nick) && at >= from && at <= to + bound);
      if (pause) {
        result.trueLosses += 1;
        result.detectionSeconds.push(at - pause[1]);
        result.detections.push(`${nick} after ${(at - pause[1]).toFixed(2)} s: ${match[1]} (${match[2]})`);
      } else {
        result.falseLosses.push(`${nick} @${at.toFixed(2)}${ownPause ? " (itself just woken)" : ""}: ${match[1]} (${match[2]})`);
      }
    }
  }
  result.problems.push(...sim.violations.slice(0, 5), ...sim.agreement());
  const notOperating = nicks.filter((n) => sim.fsm(n) !== "OPERATION");
  if (notOperating.length > 0) result.problems.push(`not in OPERATION at the end: ${notOperating.join(", ")}`);
  const masters = new Set(nicks.map((n) => sim.master(n)));
  if (masters.size !== 1) result.problems.push(`several Masters at the end: ${[...masters].join(", ")}`);
  return result;
}
