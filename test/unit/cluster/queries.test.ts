// The API-facing queries (RPC-SV-02..10, RPC-GEN-08): keys, sorting, resolution and BAD_NAME.
import { describe, expect, test } from "bun:test";
import * as q from "../../../src/cluster/queries.ts";
import { A, B, C, afterFirstTick, reply, remoteTick, run, view } from "./core-helpers.ts";

const state = () => run(afterFirstTick(), [remoteTick(B, 1, view("SYNCHRONIZATION", "", {})), reply(B, 1)]).state;

describe("queries", () => {
  test("RPC-SV-02 get_supvisors_state keys, jobs as lists", () => {
    const s = q.supvisorsState(state(), 7.5);
    expect(Object.keys(s).sort()).toEqual(["degraded_mode", "discovery_mode", "fsm_statecode", "fsm_statename", "identifier", "instance_states", "master_identifier", "nick_identifier", "now_monotonic", "starting_jobs", "stopping_jobs"]);
    expect(s).toMatchObject({ identifier: A.identifier, nick_identifier: "a", now_monotonic: 7.5, fsm_statecode: 1, fsm_statename: "SYNCHRONIZATION", master_identifier: "", starting_jobs: [], stopping_jobs: [] });
    expect(s.instance_states).toEqual({ [A.identifier]: "RUNNING", [B.identifier]: "RUNNING", [C.identifier]: "STOPPED" });
  });

  test("RPC-SV-03/04 state modes per instance, sorted; stereotype → several; unknown → BAD_NAME", () => {
    const all = q.allInstancesStateModes(state(), 1);
    expect(all.map((x) => x.identifier)).toEqual([A.identifier, B.identifier, C.identifier].sort());
    expect(all.find((x) => x.identifier === B.identifier)).toMatchObject({ fsm_statename: "SYNCHRONIZATION", starting_jobs: false });
    const front = q.instanceStateModes(state(), "front", 1);
    expect(front.ok && front.value.map((x) => x.identifier)).toEqual([B.identifier, C.identifier]);
    expect(q.instanceStateModes(state(), "zz", 1)).toEqual({ ok: false, fault: "BAD_NAME", detail: "identifier=zz is unknown to Supvisors" });
  });

  test("RPC-SV-05/06 master and strategies", () => {
    expect(q.masterIdentifier(state())).toEqual({});
    expect(q.masterIdentifier({ ...state(), master: B.identifier })).toEqual({ identifier: B.identifier, nick_identifier: "b" });
    expect(q.strategies(state())).toEqual({ "auto-fencing": false, starting: "CONFIG", conciliation: "USER", supvisors_failure: "CONTINUE" });
  });

  test("RPC-SV-09/10 instance info keys and counters", () => {
    const info = q.instanceInfo(state(), "b");
    expect(info.ok).toBe(true);
    if (!info.ok) return;
    expect(Object.keys(info.value[0]).sort()).toEqual(["identifier", "loading", "local_mtime", "local_sequence_counter", "local_time", "nick_identifier", "node_name", "port", "process_failure", "remote_mtime", "remote_sequence_counter", "remote_time", "statecode", "statename"]);
    expect(info.value[0]).toMatchObject({ node_name: "b.host", port: 9001, statecode: 3, statename: "RUNNING", remote_sequence_counter: 1, local_sequence_counter: 1, loading: 0 });
    expect(q.allInstancesInfo(state()).map((x) => x.identifier)).toEqual([A.identifier, B.identifier, C.identifier].sort());
  });

  test("RPC-SV-08 network info; RPC-GEN-08 resolver", () => {
    expect(q.networkInfo(state(), B.identifier)).toEqual({ ok: true, value: { identifier: B.identifier, nick_identifier: "b", host_id: "b.host", http_port: 9001, stereotypes: ["front"] } });
    expect(q.networkInfo(state(), "front")).toMatchObject({ ok: false, fault: "BAD_NAME" });
    expect(q.resolveIdentifiers(state(), "c")).toEqual([C.identifier]);
    expect(q.resolveIdentifiers(state(), A.identifier)).toEqual([A.identifier]);
    expect(q.resolveIdentifiers(state(), "nobody")).toEqual([]);
  });

  test("waiting_for only while in SYNCHRONIZATION", () => {
    // b is RUNNING here but has not published a view that makes the context stable yet.
    expect(q.waitingFor(state())).toEqual([`STRICT: declared instances not yet RUNNING everywhere: ${C.identifier} (views not yet stable)`]);
    expect(q.waitingFor({ ...state(), fsm: "OPERATION" })).toEqual([]);
  });
});
