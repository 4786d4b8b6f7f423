// Changes of the local state & modes, each published at once to the peers (STATE) and to the
// event interface (`supvisors` topic), as ST-FSM-18 requires; and instance status publication.
import { message } from "./messages.ts";
import type { Draft } from "./draft.ts";
import { ACTIVE_INSTANCE_STATES } from "./states.ts";
import { instanceInfo, localWire, supvisorsStatus } from "./serial.ts";

/** Sends the local state & modes to every active peer and to the event bus. */
export function publishLocalState(d: Draft): void {
  const payload = message("state", { stateModes: localWire(d.state) });
  for (const record of d.all()) {
    if (record.identity.identifier === d.localId) continue;
    if (ACTIVE_INSTANCE_STATES.includes(record.state)) d.send(record.identity.identifier, payload);
  }
  d.publish({ topic: "supvisors", body: supvisorsStatus(d.state, d.now) });
}

export function publishInstance(d: Draft, identifier: string): void {
  const record = d.get(identifier);
  if (record) d.publish({ topic: "instance", body: instanceInfo(record) });
}

/** Sets the declared Master (ST-MST-03/05); "" clears it. */
export function setMaster(d: Draft, identifier: string): void {
  if (d.state.master === identifier) return;
  d.state.master = identifier;
  d.log("warn", `Master: ${identifier === "" ? "none" : identifier}`);
  publishLocalState(d);
}

export function setDegraded(d: Draft, degraded: boolean): void {
  if (d.state.degraded === degraded) return;
  d.state.degraded = degraded;
  d.log("debug", `degraded mode: ${degraded}`);
  publishLocalState(d);
}
