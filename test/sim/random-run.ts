// One random-fault run of the simulator: kills, restarts, partitions, heals and lossy periods for
// a while, then everything heals and the cluster must settle on one Master. Invariants are
// checked after every step. Fully determined by its seed.
import { Sim } from "./cluster-sim.ts";

const NICKS = ["a", "b", "c", "d"];
const FAULT_PHASE = 20;
const SETTLE_PHASE = 12;

/** One random-fault run; returns what went wrong (empty when the run is clean). */
export function randomRun(seed: number, autoFence = false): string[] {
  const sim = new Sim({
    seed,
    nodes: NICKS.map((nick) => ({ nick })),
    base: { synchroOptions: ["STRICT", "LIST"], tickPeriod: 0.2, inactivityTicks: 3, autoFence },
    network: { minDelay: 0.001, maxDelay: 0.02 },
    // Agreement is only meaningful once faults stop; it is checked at the end.
    checkAgreement: true,
  });
  const rng = sim.rng;
  for (const nick of NICKS) sim.at(rng.between(0, 1), () => sim.start(nick));
  let t = 1;
  for (;;) {
    t += rng.between(0.3, 2.5);
    if (t >= FAULT_PHASE) break;
    const roll = rng.next();
    const nick = rng.pick(NICKS);
    sim.at(t, () => {
      if (roll < 0.25) sim.kill(nick);
      else if (roll < 0.5) {
        if (!sim.node(nick).alive) sim.start(nick);
        else sim.restart(nick);
      } else if (roll < 0.7) {
        const cut = NICKS.filter(() => rng.chance(0.5));
        sim.partition([cut]);
      } else if (roll < 0.8) sim.heal();
      else if (roll < 0.9) sim.network.conditions.loss = rng.between(0.05, 0.3);
      else sim.network.conditions.loss = 0;
    });
  }
  sim.at(FAULT_PHASE, () => {
    sim.heal();
    sim.network.conditions.loss = 0;
    for (const nick of NICKS) if (!sim.node(nick).alive) sim.start(nick);
  });
  sim.runUntil(FAULT_PHASE + SETTLE_PHASE);
  const problems = [...sim.violations];
  problems.push(...sim.agreement());
  // With auto_fence, fenced groups never merge again: per-partition agreement is all that holds.
  if (autoFence) return problems.length > 0 ? [`seed ${seed} (auto_fence):`, ...problems.slice(0, 5), sim.describe()] : [];
  if (!sim.allInOperation()) problems.push("not every node in OPERATION after settling");
  const masters = new Set(NICKS.map((n) => (sim.node(n).alive ? sim.master(n) : "(down)")));
  if (masters.size !== 1) problems.push(`several Masters after settling: ${[...masters].join(", ")}`);
  return problems.length > 0 ? [`seed ${seed}:`, ...problems.slice(0, 5), sim.describe()] : [];
}

