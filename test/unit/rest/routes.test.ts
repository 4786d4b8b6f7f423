// Every route of rest.md (REST-10..106), table-driven: the HTTP method and URL of the spec reach
// the XML-RPC method of the spec with the spec's arguments, through the registry's real argument
// checks (defaults filled in as the registry fills them). The table is transcribed from rest.md;
// the first tests check that the route table and this transcription cover the same rows.

import { describe, expect, test } from "bun:test";
import { createRestApi, REST_ROUTES } from "../../../src/api/rest/index.ts";
import type { XmlRpcValue } from "../../../src/api/xmlrpc/value.ts";
import { fakeRegistry, restRequest } from "./fakes.ts";

type Row = [id: string, method: "GET" | "POST", url: string, rpc: string, args: XmlRpcValue[]];

const SPEC: Row[] = [
  ["REST-10", "GET", "/system/listMethods", "system.listMethods", []],
  ["REST-11", "GET", "/system/methodHelp/supervisor.getState", "system.methodHelp", ["supervisor.getState"]],
  ["REST-12", "GET", "/system/methodSignature/supervisor.getState", "system.methodSignature", ["supervisor.getState"]],
  ["REST-20", "GET", "/supervisor/getAPIVersion", "supervisor.getAPIVersion", []],
  ["REST-21", "GET", "/supervisor/getSupervisorVersion", "supervisor.getSupervisorVersion", []],
  ["REST-22", "GET", "/supervisor/getIdentification", "supervisor.getIdentification", []],
  ["REST-23", "GET", "/supervisor/getState", "supervisor.getState", []],
  ["REST-24", "GET", "/supervisor/getPID", "supervisor.getPID", []],
  ["REST-25", "GET", "/supervisor/readLog/-100/0", "supervisor.readLog", [-100, 0]],
  ["REST-26", "POST", "/supervisor/clearLog", "supervisor.clearLog", []],
  ["REST-27", "POST", "/supervisor/shutdown", "supervisor.shutdown", []],
  ["REST-28", "POST", "/supervisor/restart", "supervisor.restart", []],
  ["REST-29", "POST", "/supervisor/reloadConfig", "supervisor.reloadConfig", []],
  ["REST-30", "POST", "/supervisor/addProcessGroup/web", "supervisor.addProcessGroup", ["web"]],
  ["REST-31", "POST", "/supervisor/removeProcessGroup/web", "supervisor.removeProcessGroup", ["web"]],
  ["REST-32", "POST", "/supervisor/startProcess/web%3Aweb_00?wait=false", "supervisor.startProcess", ["web:web_00", false]],
  ["REST-33", "POST", "/supervisor/startProcessGroup/web", "supervisor.startProcessGroup", ["web", true]],
  ["REST-34", "POST", "/supervisor/startAllProcesses?wait=0", "supervisor.startAllProcesses", [false]],
  ["REST-35", "POST", "/supervisor/stopProcess/web%3A*?wait=TRUE", "supervisor.stopProcess", ["web:*", true]],
  ["REST-36", "POST", "/supervisor/stopProcessGroup/web?wait=False", "supervisor.stopProcessGroup", ["web", false]],
  ["REST-37", "POST", "/supervisor/stopAllProcesses", "supervisor.stopAllProcesses", [true]],
  ["REST-38", "POST", "/supervisor/signalProcess/web/HUP", "supervisor.signalProcess", ["web", "HUP"]],
  ["REST-39", "POST", "/supervisor/signalProcessGroup/web/9", "supervisor.signalProcessGroup", ["web", "9"]],
  ["REST-40", "POST", "/supervisor/signalAllProcesses/USR1", "supervisor.signalAllProcesses", ["USR1"]],
  ["REST-41", "GET", "/supervisor/getAllConfigInfo", "supervisor.getAllConfigInfo", []],
  ["REST-42", "GET", "/supervisor/getProcessInfo/web%3Aweb_01", "supervisor.getProcessInfo", ["web:web_01"]],
  ["REST-43", "GET", "/supervisor/getAllProcessInfo", "supervisor.getAllProcessInfo", []],
  ["REST-44", "GET", "/supervisor/readProcessStdoutLog/web/-10/0", "supervisor.readProcessStdoutLog", ["web", -10, 0]],
  ["REST-45", "GET", "/supervisor/readProcessStderrLog/web/0/100", "supervisor.readProcessStderrLog", ["web", 0, 100]],
  ["REST-46", "GET", "/supervisor/tailProcessStdoutLog/web/0/1024", "supervisor.tailProcessStdoutLog", ["web", 0, 1024]],
  ["REST-47", "GET", "/supervisor/tailProcessStderrLog/web/5/10", "supervisor.tailProcessStderrLog", ["web", 5, 10]],
  ["REST-48", "POST", "/supervisor/clearProcessLogs/web", "supervisor.clearProcessLogs", ["web"]],
  ["REST-49", "POST", "/supervisor/clearAllProcessLogs", "supervisor.clearAllProcessLogs", []],
  ["REST-50", "POST", "/supervisor/sendProcessStdin/cat/hello%20world%0A", "supervisor.sendProcessStdin", ["cat", "hello world\n"]],
  ["REST-51", "POST", "/supervisor/sendRemoteCommEvent/kind/some%2Fdata", "supervisor.sendRemoteCommEvent", ["kind", "some/data"]],
  ["REST-60", "GET", "/supvisors/api_version", "supvisors.get_api_version", []],
  ["REST-61", "GET", "/supvisors/supvisors_state", "supvisors.get_supvisors_state", []],
  ["REST-62", "GET", "/supvisors/all_instances_state_modes", "supvisors.get_all_instances_state_modes", []],
  ["REST-63", "GET", "/supvisors/instance_state_modes/rocky51%3A60000", "supvisors.get_instance_state_modes", ["rocky51:60000"]],
  ["REST-64", "GET", "/supvisors/master_identifier", "supvisors.get_master_identifier", []],
  ["REST-65", "GET", "/supvisors/strategies", "supvisors.get_strategies", []],
  ["REST-66", "GET", "/supvisors/statistics_status", "supvisors.get_statistics_status", []],
  ["REST-67", "GET", "/supvisors/network_info/alpha", "supvisors.get_network_info", ["alpha"]],
  ["REST-68", "GET", "/supvisors/all_instances_info", "supvisors.get_all_instances_info", []],
  ["REST-69", "GET", "/supvisors/instance_info/alpha", "supvisors.get_instance_info", ["alpha"]],
  ["REST-70", "GET", "/supvisors/all_applications_info", "supvisors.get_all_applications_info", []],
  ["REST-71", "GET", "/supvisors/application_info/my_movies", "supvisors.get_application_info", ["my_movies"]],
  ["REST-72", "GET", "/supvisors/application_rules/my_movies", "supvisors.get_application_rules", ["my_movies"]],
  ["REST-73", "GET", "/supvisors/all_process_info", "supvisors.get_all_process_info", []],
  ["REST-74", "GET", "/supvisors/process_info/my_movies%3A*", "supvisors.get_process_info", ["my_movies:*"]],
  ["REST-75", "GET", "/supvisors/all_local_process_info", "supvisors.get_all_local_process_info", []],
  ["REST-76", "GET", "/supvisors/local_process_info/my_movies%3Aconverter_00", "supvisors.get_local_process_info", ["my_movies:converter_00"]],
  ["REST-77", "GET", "/supvisors/all_inner_process_info/alpha", "supvisors.get_all_inner_process_info", ["alpha"]],
  ["REST-78", "GET", "/supvisors/inner_process_info/alpha/my_movies%3Ahmi", "supvisors.get_inner_process_info", ["alpha", "my_movies:hmi"]],
  ["REST-79", "GET", "/supvisors/process_rules/my_movies%3Ahmi", "supvisors.get_process_rules", ["my_movies:hmi"]],
  ["REST-80", "GET", "/supvisors/conflicts", "supvisors.get_conflicts", []],
  ["REST-81", "POST", "/supvisors/start_application/CONFIG/my_movies?wait=false", "supvisors.start_application", ["CONFIG", "my_movies", false]],
  ["REST-82", "POST", "/supvisors/test_start_application/LESS_LOADED/my_movies", "supvisors.test_start_application", ["LESS_LOADED", "my_movies"]],
  ["REST-83", "POST", "/supvisors/stop_application/my_movies", "supvisors.stop_application", ["my_movies", true]],
  ["REST-84", "POST", "/supvisors/restart_application/MOST_LOADED/my_movies?wait=1", "supvisors.restart_application", ["MOST_LOADED", "my_movies", true]],
  ["REST-85", "POST", "/supvisors/start_args/my_movies%3Ahmi?extra_args=-x%202&wait=false", "supvisors.start_args", ["my_movies:hmi", "-x 2", false]],
  ["REST-86", "POST", "/supvisors/start_process/LOCAL/my_movies%3Aconverter_00?extra_args=-x+2", "supvisors.start_process", ["LOCAL", "my_movies:converter_00", "-x 2", true]],
  ["REST-87", "POST", "/supvisors/test_start_process/LESS_LOADED_NODE/my_movies%3Ahmi", "supvisors.test_start_process", ["LESS_LOADED_NODE", "my_movies:hmi"]],
  ["REST-88", "POST", "/supvisors/start_any_process/MOST_LOADED_NODE/%5Econv.*%2F%24", "supvisors.start_any_process", ["MOST_LOADED_NODE", "^conv.*/$", "", true]],
  ["REST-89", "POST", "/supvisors/stop_process/my_movies%3A*?wait=false", "supvisors.stop_process", ["my_movies:*", false]],
  ["REST-90", "POST", "/supvisors/restart_process/CONFIG/my_movies%3Ahmi?wait=false&extra_args=", "supvisors.restart_process", ["CONFIG", "my_movies:hmi", "", false]],
  ["REST-91", "POST", "/supvisors/update_numprocs/converter/3", "supvisors.update_numprocs", ["converter", 3, true, false]],
  ["REST-92", "POST", "/supvisors/lazy_update_numprocs/converter/2?wait=false", "supvisors.update_numprocs", ["converter", 2, false, true]],
  ["REST-93", "POST", "/supvisors/enable/converter", "supvisors.enable", ["converter", true]],
  ["REST-94", "POST", "/supvisors/disable/converter?wait=false", "supvisors.disable", ["converter", false]],
  ["REST-95", "POST", "/supvisors/conciliate/SENICIDE", "supvisors.conciliate", ["SENICIDE"]],
  ["REST-96", "POST", "/supvisors/restart_sequence?wait=false", "supvisors.restart_sequence", [false]],
  ["REST-97", "POST", "/supvisors/restart", "supvisors.restart", []],
  ["REST-98", "POST", "/supvisors/shutdown", "supvisors.shutdown", []],
  ["REST-99", "POST", "/supvisors/end_sync", "supvisors.end_sync", [""]],
  ["REST-100", "POST", "/supvisors/end_sync/alpha", "supvisors.end_sync", ["alpha"]],
  ["REST-101", "POST", "/supvisors/change_log_level/blather", "supvisors.change_log_level", ["blather"]],
  ["REST-102", "POST", "/supvisors/enable_host_statistics", "supvisors.enable_host_statistics", [true]],
  ["REST-103", "POST", "/supvisors/disable_host_statistics", "supvisors.enable_host_statistics", [false]],
  ["REST-104", "POST", "/supvisors/enable_process_statistics", "supvisors.enable_process_statistics", [true]],
  ["REST-105", "POST", "/supvisors/disable_process_statistics", "supvisors.enable_process_statistics", [false]],
  ["REST-106", "POST", "/supvisors/update_collecting_period/7.5", "supvisors.update_collecting_period", [7.5]],
];

/** The row ids rest.md defines: REST-10..12, 20..51, 60..106. */
function specIds(): string[] {
  const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => `REST-${a + i}`);
  return [...range(10, 12), ...range(20, 51), ...range(60, 106)];
}

describe("the route table against rest.md", () => {
  test("the transcription has every spec row once", () => {
    expect(SPEC.map((r) => r[0])).toEqual(specIds());
  });

  test("the route table has exactly the spec rows, with their HTTP methods and XML-RPC names", () => {
    expect(REST_ROUTES.map((r) => r.id)).toEqual(specIds());
    for (const route of REST_ROUTES) {
      const row = SPEC.find((r) => r[0] === route.id)!;
      expect({ id: route.id, method: route.method, rpc: route.rpc }).toEqual({ id: row[0], method: row[1], rpc: row[3] });
    }
  });

  test("REST-07: multicall and Supervisor's aliases have no route", () => {
    const hidden = ["system.multicall", "supervisor.getVersion", "supervisor.readMainLog", "supervisor.readProcessLog", "supervisor.tailProcessLog", "supervisor.clearProcessLog"];
    for (const name of hidden) expect(REST_ROUTES.some((r) => r.rpc === name)).toBe(false);
  });
});

describe("each route calls its XML-RPC method with the spec's arguments", () => {
  for (const [id, method, url, rpc, args] of SPEC) {
    test(`${id} ${method} ${url}`, async () => {
      const { registry, calls } = fakeRegistry();
      const rest = createRestApi({ registry });
      const res = await rest.handle(restRequest(method, url));
      expect(res).not.toBeNull();
      const body = await res!.json();
      expect({ status: res!.status, body }).toEqual({ status: 200, body: { method: rpc } });
      expect(calls).toEqual([{ method: rpc, args }]);
    });
  }
});

describe("the wrong HTTP method on each route", () => {
  for (const [id, method, url] of SPEC) {
    const other = method === "GET" ? "POST" : "GET";
    test(`${id} ${other} is 405 and calls nothing`, async () => {
      const { registry, calls } = fakeRegistry();
      const res = (await createRestApi({ registry }).handle(restRequest(other, url)))!;
      expect(res.status).toBe(405);
      expect(res.headers.get("Allow")).toBe(method === "GET" ? "GET, HEAD, OPTIONS" : "OPTIONS, POST");
      expect(calls).toEqual([]);
    });
  }
});
