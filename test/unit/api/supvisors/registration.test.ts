// The namespace as registered: every method of the cluster scope, with signatures that
// system.methodSignature can serve and help texts carrying @param/@return lines.
import { describe, expect, test } from "bun:test";
import { Faults } from "../../../../src/api/faults.ts";
import { RpcRegistry } from "../../../../src/api/registry.ts";
import { registerSupvisorsMethods } from "../../../../src/api/supvisors/index.ts";
import { registerSystemMethods } from "../../../../src/api/system.ts";
import { afterFirstTick } from "../../cluster/core-helpers.ts";

const METHODS = [
  "change_log_level", "end_sync", "get_all_instances_info", "get_all_instances_state_modes", "get_api_version", "get_core_identifiers",
  "get_instance_info", "get_instance_state_modes", "get_master_identifier", "get_network_info", "get_strategies", "get_supvisors_state", "restart", "shutdown",
].map((m) => `supvisors.${m}`);

function registry(): RpcRegistry {
  const reg = new RpcRegistry();
  const state = afterFirstTick();
  registerSupvisorsMethods(reg, { state: () => state, request: () => ({ ok: true }), setLogLevel: () => {}, now: () => 0 });
  registerSystemMethods(reg);
  return reg;
}

describe("supvisors namespace registration", () => {
  test("registers exactly the cluster-scope methods", () => {
    const reg = registry();
    expect(reg.names().filter((n) => n.startsWith("supvisors.") && reg.get(n) !== undefined)).toEqual(METHODS);
  });

  test("RPC-SV-44 get_logger_levels is listed by listMethods, and calling it is UNKNOWN_METHOD", async () => {
    const reg = registry();
    expect(await reg.dispatch("system.listMethods", [])).toContain("supvisors.get_logger_levels");
    await expect(reg.dispatch("supvisors.get_logger_levels", [])).rejects.toMatchObject({ code: Faults.UNKNOWN_METHOD });
  });

  test("help names every parameter and the return; signatures list the declared types", async () => {
    const reg = registry();
    for (const name of METHODS) {
      const m = reg.get(name)!;
      const help = (await reg.dispatch("system.methodHelp", [name])) as string;
      expect(help).toContain(`@return ${m.returns}`);
      for (const p of m.params) expect(help).toMatch(new RegExp(`@param \\w+ ${p.name}\\b`));
    }
    expect(await reg.dispatch("system.methodSignature", ["supvisors.get_instance_info"])).toEqual(["array", "string"]);
    expect(await reg.dispatch("system.methodSignature", ["supvisors.end_sync"])).toEqual(["boolean", "string"]);
    expect(await reg.dispatch("system.methodHelp", ["supvisors.get_supvisors_state"])).toContain("waiting_for");
  });

  test("registering twice into one registry is refused", () => {
    const reg = registry();
    expect(() => registerSupvisorsMethods(reg, { state: afterFirstTick, request: () => ({ ok: true }), setLogLevel: () => {}, now: () => 0 })).toThrow("registered twice");
  });
});
