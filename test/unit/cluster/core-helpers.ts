// Builders for unit tests of the cluster core: identities, options, crafted states and frames.
import { clusterOptions, initialState, message, step, type ClusterEffect, type ClusterInput, type ClusterOptions, type ClusterState, type InstanceState, type StateModesWire } from "../../../src/cluster/index.ts";
import type { InstanceRecord } from "../../../src/cluster/state.ts";
import type { PeerIdentity } from "../../../src/cluster/transport.ts";

export const ident = (nick: string, stereotypes: string[] = []): PeerIdentity => ({
  identifier: `${nick}.host:9001`,
  nick,
  host: `${nick}.host`,
  httpPort: 9001,
  stereotypes,
});

export const A = ident("a");
export const B = ident("b", ["front"]);
export const C = ident("c", ["front"]);

export function options(overrides: Partial<ClusterOptions> = {}, declared: PeerIdentity[] = [A, B, C]): ClusterOptions {
  const { stereotypes: _s, ...local } = A;
  return clusterOptions(local, {
    declared: declared.map((identity) => ({ identity, address: `addr-${identity.nick}` })),
    tickPeriod: 1,
    inactivityTicks: 2,
    synchroOptions: ["STRICT"],
    ...overrides,
  });
}

export function view(fsm: StateModesWire["fsm"], master: string, states: Record<string, InstanceState>): StateModesWire {
  return { fsm, degraded: false, discovery: false, master, startingJobs: false, stoppingJobs: false, instanceStates: states };
}

/** A state where instances have the given states (and views); everything else as at start. */
export function craft(base: ClusterState, patch: Partial<ClusterState>, records: Record<string, Partial<InstanceRecord>> = {}): ClusterState {
  const instances = new Map(base.instances);
  for (const [id, change] of Object.entries(records)) instances.set(id, { ...instances.get(id)!, ...change });
  return { ...base, ...patch, instances };
}

/** An idle control layer's answer to a start/stop-all command: nothing to do (see ClusterState.pendingJobs). */
export function idleAnswer(r: { effects: ClusterEffect[] }): ClusterInput | null {
  const asked = r.effects.find((e) => e.type === "jobs" && (e.command === "startApplications" || e.command === "stopApplications"));
  return asked?.type === "jobs" ? { type: "control", view: { startingJobs: false, stoppingJobs: false }, answers: asked.command } : null;
}

/**
 * Runs inputs in order from `state`, with an idle control layer answering job commands; returns
 * the last state and all effects.
 */
export function run(state: ClusterState, inputs: ClusterInput[], now = 1): { state: ClusterState; effects: ClusterEffect[] } {
  const effects: ClusterEffect[] = [];
  let s = state;
  inputs.forEach((input, i) => {
    let r = step(s, input, now + i * 0.001);
    effects.push(...r.effects);
    const answer = idleAnswer(r);
    if (answer !== null) {
      r = step(r.state, answer, now + i * 0.001);
      effects.push(...r.effects);
    }
    s = r.state;
  });
  return { state: s, effects };
}

export function frame(from: PeerIdentity, payload: unknown): ClusterInput {
  return { type: "transport", event: { type: "frame", frame: { from, address: `addr-${from.nick}`, payload } } };
}

export const tick = (wall = 1000): ClusterInput => ({ type: "tick", wall });

export function remoteTick(from: PeerIdentity, sequence: number, stateModes: StateModesWire): ClusterInput {
  return frame(from, message("tick", { sequence, when: 1000, whenMonotonic: sequence, stateModes, processVersion: 0, peersDigest: "" }));
}

export const logs = (effects: ClusterEffect[], level?: string) =>
  effects.flatMap((e) => (e.type === "log" && (level === undefined || e.level === level) ? [e.text] : []));

export const sent = (effects: ClusterEffect[], kind?: string) =>
  effects.flatMap((e) => (e.type === "send" && (kind === undefined || e.payload.kind === kind) ? [e] : []));

/** Local instance RUNNING after its first tick: the usual starting point. */
export function afterFirstTick(overrides: Partial<ClusterOptions> = {}): ClusterState {
  return run(initialState(options(overrides), 0), [tick()]).state;
}

/** A JSON image of a state (maps and sets included), to prove a step left its input untouched. */
export function snapshot(state: ClusterState): string {
  return JSON.stringify(state, (_key, value: unknown) => {
    if (value instanceof Map) return { map: [...value.entries()] };
    if (value instanceof Set) return { set: [...value] };
    return value;
  });
}

/** A handshake reply from `from` for attempt `attempt`, authorizing unless overridden. */
export function reply(from: PeerIdentity, attempt: number, overrides: Record<string, unknown> = {}): ClusterInput {
  return frame(from, {
    ...message("handshakeReply", {
      attempt,
      yourState: "CHECKING",
      network: null,
      strategies: { "auto-fencing": false, starting: "CONFIG", conciliation: "USER", supvisors_failure: "CONTINUE" },
      stateModes: view("SYNCHRONIZATION", "", {}),
      processes: [],
      processVersion: 0,
    }),
    ...overrides,
  });
}
