// supvisors.* instance queries (RPC-SV-08..10): keys, ints vs doubles, sort order, stereotypes,
// BAD_NAME, and the network struct once an instance described itself.
import { describe, expect, test } from "bun:test";
import { Faults } from "../../../../src/api/faults.ts";
import { encodeResponse } from "../../../../src/api/xmlrpc/codec.ts";
import { Double, type XmlRpcValue } from "../../../../src/api/xmlrpc/value.ts";
import { initialState } from "../../../../src/cluster/index.ts";
import { A, B, C, afterFirstTick, craft, ident, options, reply, remoteTick, run, tick, view } from "../../cluster/core-helpers.ts";
import { faultOf, overState } from "./helpers.ts";

type Struct = { [key: string]: XmlRpcValue };

const syncing = () => run(afterFirstTick(), [remoteTick(B, 1, view("SYNCHRONIZATION", "", {})), reply(B, 1)]).state;
const INFO_KEYS = ["identifier", "loading", "local_mtime", "local_sequence_counter", "local_time", "nick_identifier", "node_name", "port", "process_failure", "remote_mtime", "remote_sequence_counter", "remote_time", "statecode", "statename"];

describe("supvisors instance methods", () => {
  test("RPC-SV-09 get_instance_info: keys, ints for counters and times, doubles for mtimes", async () => {
    const state = craft(syncing(), {}, { [B.identifier]: { times: { remoteSeq: 4, remoteMtime: 7, remoteTime: 1_700_000_000.75, localSeq: 3, localMtime: 2.5, localTime: 5e12 } } });
    const [b, ...rest] = (await overState(state).call("supvisors.get_instance_info", B.identifier)) as Struct[];
    expect(rest).toEqual([]);
    expect(Object.keys(b).sort()).toEqual(INFO_KEYS);
    expect(b).toEqual({
      identifier: B.identifier,
      nick_identifier: "b",
      node_name: "b.host",
      port: 9001,
      statecode: 3,
      statename: "RUNNING",
      loading: 0,
      process_failure: false,
      remote_sequence_counter: 4,
      remote_mtime: new Double(7),
      remote_time: 1_700_000_000,
      local_sequence_counter: 3,
      local_mtime: new Double(2.5),
      // RPC-GEN-06: capped to 32 bits.
      local_time: 2 ** 31 - 1,
    });
    const xml = encodeResponse(b);
    expect(xml).toContain("<name>remote_mtime</name><value><double>7.0</double></value>");
    expect(xml).toContain("<name>remote_time</name><value><int>1700000000</int></value>");
  });

  test("RPC-SV-09 a stereotype gives one struct per instance; loading comes from the rules hook", async () => {
    const h = overState(syncing(), 1, { loadOf: (id) => (id === C.identifier ? 35 : 0) });
    const front = (await h.call("supvisors.get_instance_info", "front")) as Struct[];
    expect(front.map((x) => [x.identifier, x.statename, x.loading])).toEqual([
      [B.identifier, "RUNNING", 0],
      [C.identifier, "STOPPED", 35],
    ]);
    const fault = await faultOf(h.call("supvisors.get_instance_info", "nobody"));
    expect(fault.faultString).toBe("BAD_NAME: identifier=nobody is unknown to Supvisors");
  });

  test("RPC-SV-10 get_all_instances_info is sorted by identifier", async () => {
    const Z = ident("0first");
    const state = run(initialState(options({}, [C, Z, B]), 0), [tick()]).state;
    const all = (await overState(state).call("supvisors.get_all_instances_info")) as Struct[];
    expect(all.map((x) => x.identifier)).toEqual([Z.identifier, A.identifier, B.identifier, C.identifier]);
    expect(all.every((x) => Object.keys(x).sort().join() === INFO_KEYS.join())).toBe(true);
  });

  test("RPC-SV-08 get_network_info: identity keys; network once known, nil kept", async () => {
    const h = overState(syncing());
    expect(await h.call("supvisors.get_network_info", B.identifier)).toEqual({ identifier: B.identifier, nick_identifier: "b", host_id: "b.host", http_port: 9001, stereotypes: ["front"] });
    const network = { machine_id: "m1", fqdn: "b.example", addresses: { lo: { host_name: "localhost", aliases: [], ipv4_addresses: ["127.0.0.1"], nic_info: null } } };
    const known = craft(syncing(), {}, { [B.identifier]: { network } });
    const info = (await overState(known).call("supvisors.get_network_info", "b")) as Struct;
    expect(info.network).toEqual(network);
    expect(encodeResponse(info)).toContain("<name>nic_info</name><value><nil/></value>");
  });

  test("RPC-SV-08 get_network_info: unknown or several instances → BAD_NAME", async () => {
    const h = overState(syncing());
    const unknown = await faultOf(h.call("supvisors.get_network_info", "zz"));
    expect([unknown.code, unknown.detail]).toEqual([Faults.BAD_NAME, "identifier=zz is unknown to Supvisors"]);
    expect((await faultOf(h.call("supvisors.get_network_info", "front"))).code).toBe(Faults.BAD_NAME);
    expect((await faultOf(h.call("supvisors.get_network_info", 3))).code).toBe(Faults.INCORRECT_PARAMETERS);
  });
});
