// supvisors.* cluster-wide queries (RPC-SV-01..06 and Flotilla's get_core_identifiers and
// waiting_for): keys, int vs double, sort order by identifier, stereotypes and BAD_NAME.
import { describe, expect, test } from "bun:test";
import { Faults } from "../../../../src/api/faults.ts";
import { encodeResponse } from "../../../../src/api/xmlrpc/codec.ts";
import { Double, type XmlRpcValue } from "../../../../src/api/xmlrpc/value.ts";
import { initialState } from "../../../../src/cluster/index.ts";
import { A, B, C, afterFirstTick, ident, options, reply, remoteTick, run, tick, view } from "../../cluster/core-helpers.ts";
import { faultOf, overState } from "./helpers.ts";

type Struct = { [key: string]: XmlRpcValue };

// b has handshaken and published a SYNCHRONIZATION view; c is still STOPPED.
const syncing = () => run(afterFirstTick(), [remoteTick(B, 1, view("SYNCHRONIZATION", "", {})), reply(B, 1)]).state;
// Declared out of order so that map order differs from identifier order.
const Z = ident("z", ["front"]);
const unordered = () => run(initialState(options({}, [Z, C, A, B]), 0), [tick()]).state;

const STATE_MODES_KEYS = ["degraded_mode", "discovery_mode", "fsm_statecode", "fsm_statename", "identifier", "instance_states", "master_identifier", "nick_identifier", "now_monotonic", "starting_jobs", "stopping_jobs"];

describe("supvisors status methods", () => {
  test("RPC-SV-01 get_api_version is 0.19", async () => {
    expect(await overState(syncing()).call("supvisors.get_api_version")).toBe("0.19");
  });

  test("RPC-SV-02 get_supvisors_state: keys, float now, jobs as lists, waiting_for while synchronizing", async () => {
    const s = (await overState(syncing(), 12).call("supvisors.get_supvisors_state")) as Struct;
    expect(Object.keys(s).sort()).toEqual([...STATE_MODES_KEYS, "waiting_for"].sort());
    expect(s.now_monotonic).toEqual(new Double(12));
    expect(s).toMatchObject({ identifier: A.identifier, nick_identifier: "a", fsm_statecode: 1, fsm_statename: "SYNCHRONIZATION", master_identifier: "", starting_jobs: [], stopping_jobs: [] });
    expect(s.instance_states).toEqual({ [A.identifier]: "RUNNING", [B.identifier]: "RUNNING", [C.identifier]: "STOPPED" });
    expect(s.waiting_for).toStartWith("STRICT: declared instances not yet RUNNING everywhere");
    // A whole monotonic time still travels as a double, as Python clients expect.
    expect(encodeResponse(s)).toContain("<name>now_monotonic</name><value><double>12.0</double></value>");
  });

  test("RPC-SV-02 waiting_for is empty outside SYNCHRONIZATION; jobs list the instances having some", async () => {
    const base = syncing();
    const b = base.instances.get(B.identifier)!;
    const state = { ...base, fsm: "OPERATION" as const, control: { ...base.control, stoppingJobs: true } };
    state.instances = new Map(state.instances).set(B.identifier, { ...b, view: { ...b.view!, startingJobs: true } });
    const s = (await overState(state).call("supvisors.get_supvisors_state")) as Struct;
    expect(s).toMatchObject({ fsm_statecode: 4, fsm_statename: "OPERATION", waiting_for: "", starting_jobs: [B.identifier], stopping_jobs: [A.identifier] });
  });

  test("RPC-SV-03 get_all_instances_state_modes: sorted by identifier, jobs as booleans", async () => {
    const all = (await overState(unordered(), 3.5).call("supvisors.get_all_instances_state_modes")) as Struct[];
    expect(all.map((x) => x.identifier)).toEqual([A.identifier, B.identifier, C.identifier, Z.identifier]);
    expect([...unordered().instances.keys()]).not.toEqual(all.map((x) => x.identifier));
    for (const item of all) {
      expect(Object.keys(item).sort()).toEqual(STATE_MODES_KEYS);
      expect(item.now_monotonic).toEqual(new Double(3.5));
      expect(typeof item.starting_jobs).toBe("boolean");
      expect(typeof item.stopping_jobs).toBe("boolean");
    }
    // An instance that published nothing shows OFF.
    expect(all.find((x) => x.identifier === C.identifier)).toMatchObject({ fsm_statecode: 0, fsm_statename: "OFF", instance_states: {} });
  });

  test("RPC-SV-04 get_instance_state_modes: nick, stereotype → several, unknown → BAD_NAME", async () => {
    const h = overState(syncing());
    const byNick = (await h.call("supvisors.get_instance_state_modes", "b")) as Struct[];
    expect(byNick.map((x) => [x.identifier, x.fsm_statename])).toEqual([[B.identifier, "SYNCHRONIZATION"]]);
    const front = (await h.call("supvisors.get_instance_state_modes", "front")) as Struct[];
    expect(front.map((x) => x.identifier)).toEqual([B.identifier, C.identifier]);
    const fault = await faultOf(h.call("supvisors.get_instance_state_modes", "zz"));
    expect([fault.code, fault.faultString]).toEqual([Faults.BAD_NAME, "BAD_NAME: identifier=zz is unknown to Supvisors"]);
    expect((await faultOf(h.call("supvisors.get_instance_state_modes"))).code).toBe(Faults.INCORRECT_PARAMETERS);
  });

  test("RPC-SV-05 get_master_identifier: {} without Master, identifier and nick with one", async () => {
    expect(await overState(syncing()).call("supvisors.get_master_identifier")).toEqual({});
    expect(await overState({ ...syncing(), master: B.identifier }).call("supvisors.get_master_identifier")).toEqual({ identifier: B.identifier, nick_identifier: "b" });
  });

  test("RPC-SV-06 get_strategies: four keys, failure strategy as applied", async () => {
    expect(await overState(syncing()).call("supvisors.get_strategies")).toEqual({ "auto-fencing": false, starting: "CONFIG", conciliation: "USER", supvisors_failure: "CONTINUE" });
    const state = run(initialState(options({ autoFence: true, supvisorsFailureStrategy: "RESYNC", startingStrategy: "LESS_LOADED" }), 0), [tick()]).state;
    expect(await overState(state).call("supvisors.get_strategies")).toEqual({ "auto-fencing": true, starting: "LESS_LOADED", conciliation: "USER", supvisors_failure: "RESYNC" });
  });

  test("get_core_identifiers resolves nicks and stereotypes among known instances", async () => {
    const state = run(initialState(options({ coreIdentifiers: ["front", "a", "nobody"] }), 0), [tick()]).state;
    expect(await overState(state).call("supvisors.get_core_identifiers")).toEqual([B.identifier, C.identifier, A.identifier]);
    expect(await overState(syncing()).call("supvisors.get_core_identifiers")).toEqual([]);
  });
});
