// RULE-39b / ISS-0874: a program whose running failure strategy stops or restarts its whole
// application must not also be restarted on its own by Supervisor's `autorestart`, or the crashed
// process comes back while the rest of its application is being stopped. Supvisors forces such a
// program's autorestart to false in the local Supervisor, whether it was `true` or `unexpected`;
// the local supervisor is given this predicate (src/supervisor/process-entry.ts applies it).
//
//   takesOverAutorestart("RESTART_APPLICATION");   // → true
//   takesOverAutorestart("RESTART_PROCESS");       // → false: only lost nodes, autorestart stays

import type { RunningFailureStrategy } from "./model.ts";

/** Whether a crash of the process is answered by its application's strategy instead of autorestart. */
export function takesOverAutorestart(strategy: RunningFailureStrategy): boolean {
  return strategy === "STOP_APPLICATION" || strategy === "RESTART_APPLICATION";
}
