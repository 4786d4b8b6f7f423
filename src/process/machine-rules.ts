// The predicates and the deadline computation of the process state machine (machine.ts): kept
// apart so that the timing rules (startsecs, BACKOFF delays, stopwaitsecs, autorestart) can be
// read and tested on their own.

import type { MachineConfig, MachineState } from "./machine-types.ts";
import { ProcessStates } from "./states.ts";

/** ST-PR-21: up for more than startsecs; startsecs=0 counts as soon as the pid is known. */
export function hasStayedUp(cfg: MachineConfig, s: MachineState, now: number): boolean {
  return cfg.startsecs === 0 || now - s.laststart > cfg.startsecs * 1000;
}

/** ST-PR-29: whether an EXITED process is restarted. */
export function shouldAutorestart(cfg: MachineConfig, s: MachineState): boolean {
  if (cfg.autorestart === "true") return true;
  if (cfg.autorestart === "unexpected") return !cfg.exitcodes.includes(s.exitstatus ?? -1);
  return false;
}

/**
 * The next time (ms) the machine must receive a "tick", or null when no time-driven edge is
 * pending. `autoSpawn` is false while supervisord restarts or shuts down (ST-PR-31). Deadlines
 * that are "strictly after" in supervisord (`now > delay`) are placed 1 ms after the delay.
 */
export function nextDeadline(
  cfg: MachineConfig,
  s: MachineState,
  now: number,
  autoSpawn: boolean,
): number | null {
  let at: number | null = null;
  switch (s.state) {
    case ProcessStates.STARTING:
      if (s.pid !== 0) at = cfg.startsecs === 0 ? now : s.laststart + cfg.startsecs * 1000 + 1;
      break;
    case ProcessStates.BACKOFF:
      if (s.backoff > cfg.startretries) at = now;
      else if (autoSpawn) at = s.delay + 1;
      break;
    case ProcessStates.STOPPING:
      at = s.delay;
      if (s.stopReporting) at = Math.min(at, s.laststopreport + 2001);
      break;
    case ProcessStates.EXITED:
      if (autoSpawn && shouldAutorestart(cfg, s)) at = now;
      break;
    case ProcessStates.STOPPED:
      if (autoSpawn && s.laststart === 0 && cfg.autostart) at = now;
      break;
  }
  return at === null ? null : Math.max(at, now);
}
