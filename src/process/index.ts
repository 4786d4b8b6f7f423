// The public face of src/process: one supervised process (state machine, runner, OS spawner,
// command resolution). Log files live in ./logs and are exported from there.

export * from "./states.ts";
export { initialState, step, EXITED_TOO_QUICKLY } from "./machine.ts";
export type { MachineConfig, MachineState, MachineInput, Effect, LogLevel, DaemonView, StepResult } from "./machine.ts";
export { hasStayedUp, shouldAutorestart, nextDeadline } from "./machine-rules.ts";
export { resolveCommand, CommandError, DEFAULT_PATH } from "./command.ts";
export type { CommandErrorKind, CommandErrorCause, ResolvedCommand } from "./command.ts";
export { shlexSplit, ShlexError } from "./shlex.ts";
export { pyRepr } from "./pyrepr.ts";
export { signame, signalNumber, normaliseSignal, SIGKILL, SIGTERM } from "./signals.ts";
export { decodeExit } from "./exit-status.ts";
export type { DecodedExit } from "./exit-status.ts";
export { OsSpawner, SpawnError } from "./spawner.ts";
export type { Spawner, SpawnRequest, SpawnedChild, OsSpawnerOptions } from "./spawner.ts";
export { systemClock } from "./clock.ts";
export type { Clock } from "./clock.ts";
export { buildChildEnv, commandSearchPath } from "./environment.ts";
export type { ChildEnvInput } from "./environment.ts";
export { lookupUser } from "./users.ts";
export type { UserRecord } from "./users.ts";
export { planSpawn } from "./spawn-plan.ts";
export type { SpawnContext, SpawnPlan, PlanResult } from "./spawn-plan.ts";
export { ProcessRunner, machineConfig } from "./runner.ts";
export type { RunnerOptions, OutputSink, TransitionEvent, ProcessInfoSnapshot, StdinResult } from "./runner.ts";
