// The cluster core: one pure step function from (state, input, now) to (next state, effects),
// and a small holder class for the node wiring. No I/O, no timers, no clock reads: time comes in
// as `now` (monotonic seconds) and, with ticks, as the wall clock.
import { Draft } from "./draft.ts";
import type { ClusterInput, StepResult } from "./effects.ts";
import { runFsm } from "./fsm.ts";
import { answerHandshake, onHandshakeReply, onHandshakeRequest } from "./handshake.ts";
import { parseMessage } from "./message-parse.ts";
import type { ClusterOptions } from "./options.ts";
import { admit, onAnnounce, onPeers } from "./peers.ts";
import { answerProcessSync, changeLocalProcess, onProcessList, onProcessMessage, setLocalProcesses } from "./processes.ts";
import { publishLocalState } from "./publication.ts";
import { closeCluster, endSync } from "./requests.ts";
import { supvisorsStatus } from "./serial.ts";
import { initialState, type ClusterState } from "./state.ts";
import { checkLiveness, noteHeard, onLinkDown, onProbe, onProbeAck } from "./liveness/detector.ts";
import { onLinkUp, onLocalTick, onRemoteTick, storeView } from "./ticks.ts";
import type { ReceivedFrame, TransportEvent } from "./transport.ts";

function onFrame(d: Draft, frame: ReceivedFrame): void {
  const from = frame.from;
  const id = from.identifier;
  const parsed = parseMessage(frame.payload);
  if (!parsed.ok) {
    d.log("warn", `frame from ${id} (${frame.address}) dropped: ${parsed.reason}`);
    return;
  }
  const msg = parsed.message;
  if (id === d.localId) {
    d.log("warn", `frame claiming to come from the local instance ${id} (${frame.address}) dropped`);
    return;
  }
  if (d.get(id)?.state === "ISOLATED") {
    // Fenced: nothing it says counts, but it may learn that it is refused (ST-HS-02).
    if (msg.kind === "handshake") answerHandshake(d, id, msg.attempt);
    return;
  }
  if (!admit(d, from, frame.address, `${msg.kind} frame`)) return;
  // Every frame proves the sender alive (ticks also feed its rhythm, in onRemoteTick).
  if (msg.kind !== "tick") noteHeard(d, id);
  switch (msg.kind) {
    case "tick":
      return onRemoteTick(d, id, msg);
    case "state": {
      // Published once the peer's view is stored: its jobs count in starting_jobs / stopping_jobs.
      const changed = storeView(d, id, msg.stateModes);
      d.publish({ topic: "supvisors", body: supvisorsStatus(d.state, d.now) });
      if (changed) runFsm(d);
      return;
    }
    case "handshake":
      onHandshakeRequest(d, id, msg);
      return runFsm(d);
    case "handshakeReply":
      onHandshakeReply(d, from, msg);
      return runFsm(d);
    case "process":
      return onProcessMessage(d, id, msg);
    case "processSync":
      return answerProcessSync(d, id);
    case "processList":
      return onProcessList(d, id, msg);
    case "peers":
      return onPeers(d, msg.peers, id);
    case "command":
    case "commandFailed":
    case "forced":
      // Orders count only from instances in the cluster (a CHECKING peer has not been vetted yet).
      if (d.get(id)?.state === "RUNNING" || d.get(id)?.state === "CHECKED") d.effects.push({ type: "deliver", from: id, message: msg });
      else d.log("warn", `${msg.kind} for ${msg.namespec} from ${id} ignored: that instance is ${d.get(id)?.state ?? "unknown"}`);
      return;
    case "stats":
      if (d.get(id)?.state === "RUNNING" || d.get(id)?.state === "CHECKED") d.effects.push({ type: "deliver", from: id, message: msg });
      return;
    case "probe":
      return onProbe(d, id, msg);
    case "probeAck":
      return onProbeAck(d, id, msg);
    case "request": {
      const reply = closeCluster(d, msg.action);
      if (!reply.ok) d.log("error", `${msg.action} request from ${id} refused: ${reply.detail}`);
      return;
    }
  }
}

function onTransport(d: Draft, event: TransportEvent): void {
  switch (event.type) {
    case "frame":
      return onFrame(d, event.frame);
    case "announce":
      return onAnnounce(d, event.peer, event.address);
    case "linkUp":
      d.log("debug", `link to ${event.identifier} up`);
      return onLinkUp(d, event.identifier);
    case "linkDown":
      return onLinkDown(d, event.identifier, event.reason);
    case "rejected":
      d.log("warn", `frame from ${event.sender} rejected: ${event.reason}`);
      return;
  }
}

/**
 * Applies one input. Pure: `state` is left untouched; the result holds the next state, the effects
 * to carry out in order, and the reply of a user request.
 * @example step(state, { type: "tick", wall: Date.now() / 1000 }, performance.now() / 1000)
 */
export function step(state: ClusterState, input: ClusterInput, now: number): StepResult {
  const d = new Draft(state, now);
  switch (input.type) {
    case "tick":
      onLocalTick(d, input.wall);
      break;
    case "transport":
      onTransport(d, input.event);
      break;
    case "liveness":
      checkLiveness(d, input.late ?? 0);
      break;
    case "localProcesses":
      setLocalProcesses(d, input.processes);
      break;
    case "localProcess":
      changeLocalProcess(d, { op: "update", info: input.info });
      break;
    case "localProcessRemoved":
      changeLocalProcess(d, { op: "remove", group: input.group, name: input.name });
      break;
    case "control": {
      const before = d.state.control;
      const control = { ...before, ...input.view };
      d.state.control = control;
      if (input.answers === "startApplications") d.state.pendingJobs = { ...d.state.pendingJobs, start: false };
      if (input.answers === "stopApplications") d.state.pendingJobs = { ...d.state.pendingJobs, stop: false };
      if (control.startingJobs !== before.startingJobs || control.stoppingJobs !== before.stoppingJobs) publishLocalState(d);
      runFsm(d);
      break;
    }
    case "endSync":
      d.reply = endSync(d, input.master);
      break;
    case "restart":
    case "shutdown":
      d.reply = closeCluster(d, input.type);
      break;
  }
  return d.finish();
}

/** Holds one node's state between steps; the node wiring feeds it and carries out the effects. */
export class ClusterCore {
  #state: ClusterState;

  constructor(options: ClusterOptions, now: number, wall = 0) {
    this.#state = initialState(options, now, wall);
  }

  get state(): ClusterState {
    return this.#state;
  }

  handle(input: ClusterInput, now: number): StepResult {
    const result = step(this.#state, input, now);
    this.#state = result.state;
    return result;
  }
}
