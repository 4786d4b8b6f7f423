// Registries for the REST tests: the real method declarations of every namespace (names,
// parameters, types, defaults, help texts — what the daemon registers), with calls that only
// record their arguments. Dispatching through them runs the registry's real argument checks, so
// a route passing one argument too many or of the wrong type fails here, not in production.

import { RpcRegistry, type RpcMethod } from "../../../src/api/registry.ts";
import { registerSystemMethods } from "../../../src/api/system.ts";
import { registerSupervisorMethods } from "../../../src/api/supervisor/index.ts";
import { registerSupvisorsMethods } from "../../../src/api/supvisors/index.ts";
import { applicationMethods } from "../../../src/api/supvisors/application-methods.ts";
import { jobMethods } from "../../../src/api/supvisors/job-methods.ts";
import { localSupvisorsMethods } from "../../../src/api/supvisors/local-methods.ts";
import { statsMethods } from "../../../src/api/supvisors/stats-methods.ts";
import type { XmlRpcValue } from "../../../src/api/xmlrpc/value.ts";

export interface RecordedCall {
  method: string;
  args: XmlRpcValue[];
}

/** Every method the daemon declares, with calls that must never run (their deps are absent). */
export function realDeclarations(withSupvisors: boolean): RpcMethod[] {
  const source = new RpcRegistry();
  registerSystemMethods(source);
  // Declaring needs no deps: factories only close over them, and these calls are replaced below.
  registerSupervisorMethods(source, {} as never);
  if (withSupvisors) {
    registerSupvisorsMethods(source, {} as never);
    const more = [
      ...applicationMethods({} as never, (() => null) as never),
      ...jobMethods({} as never),
      ...localSupvisorsMethods({} as never),
      ...statsMethods({} as never),
    ];
    for (const m of more) source.register(m);
  }
  return source.names().flatMap((name) => source.get(name) ?? []);
}

export interface FakeRegistry {
  registry: RpcRegistry;
  calls: RecordedCall[];
}

/**
 * A registry with the real declarations whose calls record their arguments and return
 * `answer(method, args)` (by default `{ method }`), or throw what `answer` throws.
 */
export function fakeRegistry(
  opts: { supvisors?: boolean; answer?: (method: string, args: XmlRpcValue[]) => XmlRpcValue | Promise<XmlRpcValue> } = {},
): FakeRegistry {
  const calls: RecordedCall[] = [];
  const registry = new RpcRegistry();
  const answer = opts.answer ?? ((method: string) => ({ method }));
  for (const m of realDeclarations(opts.supvisors ?? true)) {
    registry.register({
      ...m,
      call: (args) => {
        calls.push({ method: m.name, args });
        return answer(m.name, args);
      },
    });
  }
  return { registry, calls };
}

/** A GET/POST Request for the REST door, on a dummy origin. */
export function restRequest(method: string, pathAndQuery: string, headers: Record<string, string> = {}): Request {
  return new Request(`http://127.0.0.1:9001${pathAndQuery}`, { method, headers });
}
