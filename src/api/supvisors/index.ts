// The `supvisors.*` XML-RPC namespace of the cluster scope (RPC-SV), thin over the pure cluster
// core: queries read the state handed over by the node, requests go through `deps.request`.

import type { RpcRegistry } from "../registry.ts";
import { controlMethods } from "./control-methods.ts";
import type { SupvisorsApiDeps } from "./deps.ts";
import { instanceMethods } from "./instance-methods.ts";
import { statusMethods } from "./status-methods.ts";

export type { SupvisorsApiDeps } from "./deps.ts";
export { SUPVISORS_API_VERSION } from "./deps.ts";
export { ConciliationStrategies, StartingStrategies, enumParam, logLevelParam, type EnumSpec } from "./enum-param.ts";

/**
 * @example
 *   const core = new ClusterCore(options, now());
 *   registerSupvisorsMethods(registry, {
 *     state: () => core.state,
 *     request: (input) => { const r = core.handle(input, now()); carryOut(r.effects); return r.reply!; },
 *     setLogLevel: (level) => logger.setLevel(level),
 *     now,
 *   });
 */
export function registerSupvisorsMethods(registry: RpcRegistry, deps: SupvisorsApiDeps): void {
  for (const factory of [statusMethods, instanceMethods, controlMethods]) {
    for (const method of factory(deps)) registry.register(method);
  }
  registry.listOnly("supvisors.get_logger_levels");
}
