// What the `supervisor.*` namespace needs from the daemon around it.

import type { SupervisordConfig } from "../../config/model.ts";
import type { MainLogger } from "../../process/logs/index.ts";
import type { LocalSupervisor } from "../../supervisor/local-supervisor.ts";

export interface DaemonHooks {
  pid: number;
  /** Called after the reply is on its way: the daemon then stops everything and exits. */
  requestShutdown(): void;
  /** Likewise, then reloads the configuration and starts again. */
  requestRestart(): void;
  /** Reads the configuration file again; throws ConfigError. */
  reread(): SupervisordConfig;
  /** REMOTE_COMMUNICATION events (RPC-SUP-32) go to the event bus. */
  remoteCommEvent(type: string, data: string): void;
}

export interface SupervisorApiDeps {
  sup: LocalSupervisor;
  logger: MainLogger;
  daemon: DaemonHooks;
}

/** Supervisor's own API version (RPC-SUP-01): supervisorctl refuses any other value. */
export const API_VERSION = "3.0";
/**
 * What getSupervisorVersion reports. Clients compare it with Supervisor releases, so Flotilla
 * answers with the Supervisor release whose API it implements; `flotilla version` tells its own.
 */
export const SUPERVISOR_COMPAT_VERSION = "4.2.5";
