// Supervisor's process and daemon states, with the numbers that travel on the wire (ST-PR, ST-SD).

export const ProcessStates = {
  STOPPED: 0,
  STARTING: 10,
  RUNNING: 20,
  BACKOFF: 30,
  STOPPING: 40,
  EXITED: 100,
  FATAL: 200,
  UNKNOWN: 1000,
} as const;
export type ProcessStateName = keyof typeof ProcessStates;
export type ProcessState = (typeof ProcessStates)[ProcessStateName];

const processStateNames = new Map<number, ProcessStateName>(
  Object.entries(ProcessStates).map(([name, code]) => [code, name as ProcessStateName]),
);

export function processStateName(code: number): ProcessStateName {
  const name = processStateNames.get(code);
  if (!name) throw new RangeError(`not a process state: ${code}`);
  return name;
}

/** ST-PR-09: this order matters where states are synthesised. */
export const RUNNING_STATES: readonly ProcessState[] = [
  ProcessStates.RUNNING,
  ProcessStates.BACKOFF,
  ProcessStates.STARTING,
];
export const STOPPED_STATES: readonly ProcessState[] = [
  ProcessStates.STOPPED,
  ProcessStates.EXITED,
  ProcessStates.FATAL,
  ProcessStates.UNKNOWN,
];
export const SIGNALLABLE_STATES: readonly ProcessState[] = [
  ProcessStates.RUNNING,
  ProcessStates.STARTING,
  ProcessStates.STOPPING,
];

/** ST-SD-01: the daemon's own state. */
export const SupervisorStates = {
  FATAL: 2,
  RUNNING: 1,
  RESTARTING: 0,
  SHUTDOWN: -1,
} as const;
export type SupervisorStateName = keyof typeof SupervisorStates;
export type SupervisorState = (typeof SupervisorStates)[SupervisorStateName];

export function supervisorStateName(code: number): SupervisorStateName {
  for (const [name, value] of Object.entries(SupervisorStates)) {
    if (value === code) return name as SupervisorStateName;
  }
  throw new RangeError(`not a supervisor state: ${code}`);
}
