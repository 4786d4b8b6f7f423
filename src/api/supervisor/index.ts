// The `supervisor.*` XML-RPC namespace (RPC-SUP), thin over the LocalSupervisor, with the
// aliases Supervisor keeps for old clients and the SHUTDOWN_STATE guard (ST-SD-01).

import type { RpcRegistry } from "../registry.ts";
import { controlMethods } from "./control-methods.ts";
import { daemonMethods } from "./daemon-methods.ts";
import type { SupervisorApiDeps } from "./deps.ts";
import { groupMethods } from "./group-methods.ts";
import { logMethods } from "./log-methods.ts";
import { queryMethods } from "./query-methods.ts";

export type { SupervisorApiDeps, DaemonHooks } from "./deps.ts";
export { API_VERSION, SUPERVISOR_COMPAT_VERSION } from "./deps.ts";

const ALIASES: [string, string][] = [
  ["supervisor.getVersion", "supervisor.getAPIVersion"],
  ["supervisor.readMainLog", "supervisor.readLog"],
  ["supervisor.readProcessLog", "supervisor.readProcessStdoutLog"],
  ["supervisor.tailProcessLog", "supervisor.tailProcessStdoutLog"],
  ["supervisor.clearProcessLog", "supervisor.clearProcessLogs"],
];

export function registerSupervisorMethods(registry: RpcRegistry, deps: SupervisorApiDeps): void {
  for (const factory of [daemonMethods, controlMethods, queryMethods, logMethods, groupMethods]) {
    for (const method of factory(deps)) registry.register(method);
  }
  for (const [alias, target] of ALIASES) registry.alias(alias, target);
}
