// What the `supvisors.*` namespace needs from the node around it: the cluster core's current
// state, a way to feed it user requests, and the Supvisors logger. The API holds no state itself.

import type { ClusterInput, ClusterState, RequestReply } from "../../cluster/index.ts";
import type { LogLevelName } from "../../config/model.ts";

export interface SupvisorsApiDeps {
  /** The current core state (read each call). */
  state(): ClusterState;
  /** Feeds a request input to the core and returns its reply (the node carries out the effects). */
  request(input: ClusterInput): RequestReply;
  /** change_log_level: sets the Supvisors logger level. */
  setLogLevel(level: LogLevelName): void;
  /** Monotonic seconds, as the core uses. */
  now(): number;
  /**
   * The `loading` of an instance (sum of the expected loads of its running processes, from the
   * rules). Absent until rules exist: every instance then reports 0.
   */
  loadOf?(identifier: string): number;
}

/**
 * The Supvisors release whose API this namespace implements (RPC-SV-01): `supvisorsctl` compares
 * it with its own and refuses to talk to another version.
 */
export const SUPVISORS_API_VERSION = "0.19";
