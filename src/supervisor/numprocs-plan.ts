// What a numprocs change does to the processes of one program in one group (ST-DYN-03/04), as a
// pure decision over the processes that exist: which configurations to add, which obsolete
// processes to keep after all, which to remove at once and which to retire (remove once stopped).

import type { ProcessConfig } from "../config/model.ts";
import { STOPPED_STATES, type ProcessState } from "../process/states.ts";

/** What the plan needs to know of an existing process. */
export interface ExistingProcess {
  name: string;
  processNum: number;
  state: ProcessState;
  /** Already retired by an earlier decrease, still running. */
  obsolete: boolean;
}

export interface IncreasePlan<P extends ExistingProcess> {
  add: ProcessConfig[];
  /** Retired processes whose name is wanted again: they simply stay (as Supvisors does). */
  revive: P[];
}

export interface DecreasePlan<P extends ExistingProcess> {
  /** Beyond the new count and stopped: removed now. */
  removeNow: P[];
  /** Beyond the new count and not stopped: removed when they stop. */
  retire: P[];
}

/** The live (non-obsolete) count: the program's current numprocs. */
export function liveCount(processes: readonly ExistingProcess[]): number {
  return processes.filter((p) => !p.obsolete).length;
}

/**
 * @example planIncrease([{ name: "w_0", processNum: 0, state: 20, obsolete: false }], expanded(3))
 *   // { add: [w_1 config, w_2 config], revive: [] }
 */
export function planIncrease<P extends ExistingProcess>(existing: readonly P[], wanted: readonly ProcessConfig[]): IncreasePlan<P> {
  const byName = new Map(existing.map((p) => [p.name, p]));
  const add: ProcessConfig[] = [];
  const revive: P[] = [];
  for (const config of wanted) {
    const present = byName.get(config.name);
    if (!present) add.push(config);
    else if (present.obsolete) revive.push(present);
  }
  return { add, revive };
}

/**
 * The live processes beyond the first `numprocs` in process_num order leave.
 * @example planDecrease(threeRunning, 1) // { removeNow: [], retire: [w_1, w_2] }
 */
export function planDecrease<P extends ExistingProcess>(existing: readonly P[], numprocs: number): DecreasePlan<P> {
  const live = existing.filter((p) => !p.obsolete).sort((a, b) => a.processNum - b.processNum);
  const leaving = live.slice(numprocs);
  return {
    removeNow: leaving.filter((p) => STOPPED_STATES.includes(p.state)),
    retire: leaving.filter((p) => !STOPPED_STATES.includes(p.state)),
  };
}
