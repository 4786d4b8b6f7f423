// supvisors.* requests (RPC-SV-37..40): end_sync, restart and shutdown through a live ClusterCore,
// their faults as the core replies them, and change_log_level's parameter rules (RPC-GEN-07).
import { describe, expect, test } from "bun:test";
import { Faults, RpcFault } from "../../../../src/api/faults.ts";
import { Double } from "../../../../src/api/xmlrpc/value.ts";
import { A, B, afterFirstTick, options } from "../../cluster/core-helpers.ts";
import { faultOf, overCore, overState } from "./helpers.ts";

describe("supvisors.end_sync", () => {
  test("RPC-SV-39 without USER in synchro_options → NOT_APPLICABLE", async () => {
    const h = overCore(options({ synchroOptions: ["STRICT"] }));
    const fault = await faultOf(h.call("supvisors.end_sync"));
    expect([fault.code, fault.faultString]).toEqual([Faults.NOT_APPLICABLE, "NOT_APPLICABLE: USER expected in synchro_options"]);
    // The optional master defaults to "".
    expect(h.requests).toEqual([{ type: "endSync", master: "" }]);
  });

  test("RPC-SV-39 master faults: BAD_NAME, INCORRECT_PARAMETERS, NOT_RUNNING", async () => {
    const h = overCore(options({ synchroOptions: ["USER"] }));
    expect((await faultOf(h.call("supvisors.end_sync", "zz"))).faultString).toBe("BAD_NAME: unknown Supvisors identifier=zz");
    expect((await faultOf(h.call("supvisors.end_sync", "front"))).code).toBe(Faults.INCORRECT_PARAMETERS);
    const notRunning = await faultOf(h.call("supvisors.end_sync", "b"));
    expect([notRunning.code, notRunning.detail]).toEqual([Faults.NOT_RUNNING, `Supvisors instance=${B.identifier} is not RUNNING (STOPPED)`]);
    expect(h.core.state.fsm).toBe("SYNCHRONIZATION");
  });

  test("RPC-SV-39 success: true, the local instance becomes Master; a second call → BAD_SUPVISORS_STATE", async () => {
    const h = overCore(options({ synchroOptions: ["USER"] }));
    h.clock.t = 1;
    expect(await h.call("supvisors.end_sync", "a")).toBe(true);
    expect(h.core.state.master).toBe(A.identifier);
    const again = await faultOf(h.call("supvisors.end_sync"));
    expect(again.code).toBe(Faults.BAD_SUPVISORS_STATE);
    expect(await h.call("supvisors.get_master_identifier")).toEqual({ identifier: A.identifier, nick_identifier: "a" });
  });

  test("RPC-SV-39 outside SYNCHRONIZATION → BAD_SUPVISORS_STATE with the expected states", async () => {
    const h = overCore(options({ synchroOptions: ["TIMEOUT"] }, []));
    expect(h.core.state.fsm).not.toBe("SYNCHRONIZATION");
    const fault = await faultOf(h.call("supvisors.end_sync"));
    expect(fault.faultString).toBe(`BAD_SUPVISORS_STATE: invalid Supvisors state=${h.core.state.fsm} - state expected in ['SYNCHRONIZATION']`);
  });
});

describe("supvisors.restart / shutdown", () => {
  test("RPC-SV-37/38 before DISTRIBUTION → BAD_SUPVISORS_STATE", async () => {
    const h = overCore(options({ synchroOptions: ["STRICT"] }));
    for (const method of ["supvisors.restart", "supvisors.shutdown"]) {
      const fault = await faultOf(h.call(method));
      expect(fault.code).toBe(Faults.BAD_SUPVISORS_STATE);
      expect(fault.detail).toStartWith("invalid Supvisors state=SYNCHRONIZATION - state expected in ['DISTRIBUTION', 'OPERATION'");
    }
    expect(h.requests).toEqual([{ type: "restart" }, { type: "shutdown" }]);
  });

  test("RPC-SV-37 on the Master: true and the core closes the cluster", async () => {
    const h = overCore(options({ synchroOptions: ["TIMEOUT"] }, []));
    h.clock.t = 2;
    expect(await h.call("supvisors.restart")).toBe(true);
    expect(h.core.state.fsm).toBe("FINAL");
  });

  test("RPC-SV-38 on the Master: true, shutdown requested", async () => {
    const h = overCore(options({ synchroOptions: ["TIMEOUT"] }, []));
    expect(await h.call("supvisors.shutdown")).toBe(true);
    expect(h.requests).toEqual([{ type: "shutdown" }]);
    expect(h.core.state.fsm).toBe("FINAL");
  });

  test("RPC-SV-37/38 a reply without fault name (no Master) is a plain error, as Supvisors' HTTP 500", async () => {
    const h = overState(afterFirstTick(), 1, {}, { ok: false, fault: null, detail: "no Master instance to perform the Supvisors restart request" });
    const err = await h.call("supvisors.restart").then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(RpcFault);
    expect((err as Error).message).toBe("no Master instance to perform the Supvisors restart request");
  });
});

describe("supvisors.change_log_level", () => {
  const h = () => overState(afterFirstTick());

  test("RPC-SV-40 names in any case and numbers set the level", async () => {
    const x = h();
    for (const level of ["INFO", "blather", "Critical", 5, 30, 10n, new TextEncoder().encode("debug")]) {
      expect(await x.call("supvisors.change_log_level", level)).toBe(true);
    }
    expect(x.levels).toEqual(["info", "blather", "critical", "trace", "warn", "debug", "debug"]);
  });

  test("RPC-GEN-07 unknown name, unknown number, other types → INCORRECT_PARAMETERS with the allowed list", async () => {
    const x = h();
    const cases: [Parameters<typeof x.call>[1], string][] = [
      ["verbose", "invalid logger value=verbose - string expected in ['critical', 'error', 'warn', 'info', 'debug', 'trace', 'blather']"],
      [7, "invalid logger value=7 - integer expected in [50, 40, 30, 20, 10, 5, 3]"],
      [2.5, "invalid logger value=2.5 type=<class 'float'> - type string or integer expected"],
      [new Double(20), "invalid logger value=20.0 type=<class 'float'> - type string or integer expected"],
      [true, "invalid logger value=True type=<class 'bool'> - type string or integer expected"],
      [["info"], "invalid logger value=['info'] type=<class 'list'> - type string or integer expected"],
      [{ level: 20 }, "invalid logger value={'level': 20} type=<class 'dict'> - type string or integer expected"],
      [null, "invalid logger value=None type=<class 'NoneType'> - type string or integer expected"],
      [new Date(Date.UTC(2020, 0, 2, 3, 4, 5)), "invalid logger value=2020-01-02 03:04:05 type=<class 'datetime.datetime'> - type string or integer expected"],
    ];
    for (const [value, detail] of cases) {
      const fault = await faultOf(x.call("supvisors.change_log_level", value));
      expect([fault.code, fault.detail]).toEqual([Faults.INCORRECT_PARAMETERS, detail]);
    }
    expect(x.levels).toEqual([]);
    expect((await faultOf(x.call("supvisors.change_log_level"))).code).toBe(Faults.INCORRECT_PARAMETERS);
  });
});
