// supvisors.* statistics methods (RPC-SV-07, 41, 42, 43) through the registry, over a fake collector.

import { describe, expect, test } from "bun:test";
import { Faults, RpcFault } from "../../../src/api/faults.ts";
import { RpcRegistry } from "../../../src/api/registry.ts";
import { statsMethods } from "../../../src/api/supvisors/stats-methods.ts";
import { Double } from "../../../src/api/xmlrpc/value.ts";

function setup() {
  const state = { hostStats: true, processStats: false, collectingPeriod: 5 };
  const registry = new RpcRegistry();
  for (const m of statsMethods({
    stats: {
      status: () => ({ ...state }),
      enableHost: (b) => { state.hostStats = b; },
      enableProcess: (b) => { state.processStats = b; },
      setPeriod: (s) => { state.collectingPeriod = s; },
    },
  })) registry.register(m);
  return { state, registry };
}

describe("statistics methods", () => {
  test("get_statistics_status: keys and a float period", async () => {
    const { registry } = setup();
    expect(await registry.dispatch("supvisors.get_statistics_status", [])).toEqual({
      host_stats: true, process_stats: false, collecting_period: new Double(5),
    });
  });
  test("switches and period", async () => {
    const { registry, state } = setup();
    expect(await registry.dispatch("supvisors.enable_host_statistics", [false])).toBe(true);
    expect(await registry.dispatch("supvisors.enable_process_statistics", [1])).toBe(true);
    expect(await registry.dispatch("supvisors.update_collecting_period", [new Double(2.5)])).toBe(true);
    expect(state).toEqual({ hostStats: false, processStats: true, collectingPeriod: 2.5 });
  });
  test("bad parameters", async () => {
    const { registry } = setup();
    for (const [method, params] of [
      ["supvisors.enable_host_statistics", ["yes"]],
      ["supvisors.enable_process_statistics", []],
      ["supvisors.update_collecting_period", ["5"]],
      ["supvisors.update_collecting_period", [0]],
      ["supvisors.update_collecting_period", [new Double(-1)]],
    ] as const) {
      const error = await Promise.resolve(registry.dispatch(method, [...params])).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RpcFault);
      expect((error as RpcFault).code).toBe(Faults.INCORRECT_PARAMETERS);
    }
  });
});
