// What goes into the cluster core (inputs) and what comes out of it (effects, events, replies).
// The node wiring turns timers, transport events and user requests into inputs, and carries the
// effects out; the simulator does the same in memory.
import type { FaultName } from "../api/faults.ts";
import type { LogLevelName } from "../config/model.ts";
import type { ClusterMessage, DeliveredMessage, ProcessInfo } from "./messages.ts";
import type { InstanceInfo, ProcessEventBody, SupvisorsStatus } from "./serial.ts";
import type { ClusterState, ControlView } from "./state.ts";
import type { PeerIdentity, TransportEvent } from "./transport.ts";

export type ClusterInput =
  /** Every tick_period; `wall` = epoch seconds now (the step's `now` is the monotonic clock). */
  | { type: "tick"; wall: number }
  | { type: "transport"; event: TransportEvent }
  /**
   * Flotilla: the failure detector's check between local ticks (liveness/detector.ts), about ten
   * per tick. `late`: seconds this check ran after it was due — how the core learns that its own
   * node was stalled (paused, starved, blocked), which then judges nobody.
   */
  | { type: "liveness"; late?: number }
  /** The whole local process list (at start, after a reload). */
  | { type: "localProcesses"; processes: ProcessInfo[] }
  /** One local process changed (state change, added, enabled/disabled). */
  | { type: "localProcess"; info: ProcessInfo }
  /** A local process (or with name "*" a whole group) was removed. */
  | { type: "localProcessRemoved"; group: string; name: string }
  /**
   * The starter / stopper / conflicts view changed (control layer); `answers` when it is the
   * control layer's answer to a startApplications / stopApplications job command.
   */
  | { type: "control"; view: Partial<ControlView>; answers?: JobsCommand }
  /** `supvisors.end_sync(master)` (RPC-SV-39, ST-SYN-07). */
  | { type: "endSync"; master: string }
  /** `supvisors.restart()` / `supvisors.shutdown()` (RPC-SV-37/38, ST-FSM-16). */
  | { type: "restart" }
  | { type: "shutdown" };

/** What the external event interface and internal subscribers get (EVT-10..14, plus losses). */
export type ClusterEvent =
  | { topic: "supvisors"; body: SupvisorsStatus }
  | { topic: "instance"; body: InstanceInfo }
  /**
   * A process as an instance reports it. `quiet`: not a change that instance reported but a list
   * loaded (handshake, full list) or a state set on its loss; the layers above take it in, the
   * event interface does not show it (Supvisors publishes only reported changes as events).
   */
  | { topic: "event"; body: ProcessEventBody; quiet?: boolean }
  /** EVT-17: a process was enabled or disabled on an instance (its state did not change). */
  | { topic: "disability"; body: ProcessEventBody }
  | { topic: "processRemoved"; identifier: string; group: string; name: string }
  /** ST-IN-17: an instance was invalidated; `lostProcesses` now run nowhere (`group:name`). */
  | { topic: "instanceLost"; identifier: string; isolated: boolean; lostProcesses: string[] };

export type JobsCommand =
  /** ST-FSM-01/02/06/07: abort starter, stopper and failure-handler jobs. */
  | "abort"
  /** ST-FSM-03 Master entry: start all applications (ST-SEQ-10). */
  | "startApplications"
  /** ST-FSM-06/07 Master entry: stop all applications (ST-SEQ-20). */
  | "stopApplications"
  /** ST-FSM-05 Master entry: apply conciliation_strategy to all conflicts. */
  | "conciliate";

export type ClusterEffect =
  | { type: "send"; to: string; payload: ClusterMessage }
  | { type: "connect"; peer: PeerIdentity; address: string }
  | { type: "forget"; identifier: string }
  /** A peer declared lost while its link stayed open: drop that link and dial again (Transport.reset). */
  | { type: "reset"; identifier: string; reason: string }
  | { type: "announce" }
  | { type: "log"; level: LogLevelName; text: string }
  | { type: "publish"; event: ClusterEvent }
  /** For the control layer's starter, stopper, failure handler and conciliation. */
  | { type: "jobs"; command: JobsCommand }
  /** A message from an active peer for the layers above (start/stop orders, forced states, statistics). */
  | { type: "deliver"; from: string; message: DeliveredMessage }
  /** End of RESTARTING / SHUTTING_DOWN: restart or shut down the local daemon. */
  | { type: "restartLocal" }
  | { type: "shutdownLocal" };

/** Answer to a user request: `fault` null means an internal error (HTTP 500 in Supvisors). */
export type RequestReply = { ok: true } | { ok: false; fault: FaultName | null; detail: string };

export interface StepResult {
  state: ClusterState;
  effects: ClusterEffect[];
  /** Present for endSync / restart / shutdown inputs. */
  reply?: RequestReply;
}
