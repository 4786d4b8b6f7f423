// A registry with the supvisors.* namespace over a real ClusterCore (or a crafted state), with
// the requests and log levels it received recorded, and a helper to catch faults.
export { faultOf } from "../../../support/fault-of.ts";
import { ClusterCore, type ClusterInput, type ClusterOptions, type ClusterState, type RequestReply } from "../../../../src/cluster/index.ts";
import type { LogLevelName } from "../../../../src/config/model.ts";
import { RpcRegistry } from "../../../../src/api/registry.ts";
import { registerSupvisorsMethods, type SupvisorsApiDeps } from "../../../../src/api/supvisors/index.ts";
import type { XmlRpcValue } from "../../../../src/api/xmlrpc/value.ts";
import { idleAnswer, tick } from "../../cluster/core-helpers.ts";

export interface Harness {
  registry: RpcRegistry;
  requests: ClusterInput[];
  levels: LogLevelName[];
  call(method: string, ...params: XmlRpcValue[]): Promise<XmlRpcValue>;
}

function harness(deps: Omit<SupvisorsApiDeps, "setLogLevel">, requests: ClusterInput[]): Harness {
  const registry = new RpcRegistry();
  const levels: LogLevelName[] = [];
  registerSupvisorsMethods(registry, { ...deps, setLogLevel: (level) => levels.push(level) });
  return { registry, requests, levels, call: (method, ...params) => registry.dispatch(method, params) };
}

/** Over a fixed state; requests get `reply` (ok by default). */
export function overState(state: ClusterState, now = 12, extra: Partial<SupvisorsApiDeps> = {}, reply: RequestReply = { ok: true }): Harness {
  const requests: ClusterInput[] = [];
  return harness(
    {
      state: () => state,
      request: (input) => {
        requests.push(input);
        return reply;
      },
      now: () => now,
      ...extra,
    },
    requests,
  );
}

/** Over a live core that has had its first tick at t=0; the clock is `clock.t`. */
export function overCore(options: ClusterOptions): Harness & { core: ClusterCore; clock: { t: number } } {
  const clock = { t: 0 };
  const core = new ClusterCore(options, 0);
  // An idle control layer answers the core's start/stop-all commands (see Draft.jobs).
  const handle = (input: ClusterInput, t: number) => {
    const result = core.handle(input, t);
    const answer = idleAnswer(result);
    if (answer !== null) core.handle(answer, t);
    return result;
  };
  handle(tick(), 0);
  const requests: ClusterInput[] = [];
  const h = harness(
    {
      state: () => core.state,
      request: (input) => {
        requests.push(input);
        return handle(input, clock.t).reply!;
      },
      now: () => clock.t,
    },
    requests,
  );
  return { ...h, core, clock };
}

