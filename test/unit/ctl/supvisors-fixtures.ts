// Shared data of the Supvisors ctl command tests: a fake server that speaks the `supvisors` API
// version 0.19, and typical answers shaped as xmlrpc.md RPC-SV-02/03/05/06/10 describe them.

import type { XmlRpcValue } from "../../../src/api/xmlrpc/value.ts";
import type { Struct } from "../../../src/cli/ctl/commands/results.ts";
import { fakeServer, type Answer, type FakeServer } from "./fake-client.ts";

/** A fake server whose `supvisors.get_api_version` answers "0.19", plus `answers`. */
export function supvisorsServer(answers: Record<string, Answer> = {}): FakeServer {
  return fakeServer({ "supvisors.get_api_version": "0.19", ...answers });
}

/** The methods called, in order, without the up-check. */
export function methodsCalled(server: FakeServer): string[] {
  return server.calls.map((c) => c.method).filter((m) => m !== "supvisors.get_api_version");
}

export function stateModes(
  nick: string,
  identifier: string,
  opts: { degraded?: boolean; master?: string; starting?: XmlRpcValue; stopping?: XmlRpcValue } = {},
): Struct {
  return {
    identifier,
    nick_identifier: nick,
    fsm_statecode: 3,
    fsm_statename: "OPERATION",
    degraded_mode: opts.degraded ?? false,
    discovery_mode: true,
    master_identifier: opts.master ?? "10.0.0.1:60000",
    starting_jobs: opts.starting ?? false,
    stopping_jobs: opts.stopping ?? false,
  };
}

/** get_supvisors_state of the local instance: job columns are identifier lists. */
export const LOCAL_STATE = stateModes("alpha", "10.0.0.1:60000", { starting: ["10.0.0.2:60000"], stopping: [] });

/** get_all_instances_state_modes: job columns are booleans. */
export const ALL_STATES = [
  stateModes("alpha", "10.0.0.1:60000", { starting: true }),
  stateModes("a-much-longer-nickname", "10.0.0.2:60000", { degraded: true, master: "" }),
];

export const T1 = 1700000000;
export const T2 = 1700012345;

export function instanceInfo(
  nick: string,
  identifier: string,
  host: string,
  port: number,
  statename: string,
  loading: number,
  counter: number,
  failure: boolean,
  localTime: number,
): Struct {
  return {
    identifier, nick_identifier: nick, node_name: host, port, statecode: statename === "RUNNING" ? 3 : 5, statename,
    loading, process_failure: failure, remote_sequence_counter: counter, remote_mtime: 1, remote_time: localTime,
    local_sequence_counter: counter, local_mtime: 2, local_time: localTime,
  };
}

export const ALL_INSTANCES = [
  instanceInfo("alpha", "10.0.0.1:60000", "10.0.0.1", 60000, "RUNNING", 12, 523, false, T1),
  instanceInfo("bravo", "rocky52:60000", "rocky52.example.org", 7777, "SILENT", 0, 0, true, T2),
];

/** HH:MM:SS of epoch seconds in this process's zone, by another route than the code under test. */
export function clock(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toTimeString().slice(0, 8);
}
