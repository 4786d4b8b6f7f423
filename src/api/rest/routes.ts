// The REST route table: every route of rest.md (REST-10..106), each mapped to the XML-RPC method
// it calls through the registry, so a REST call behaves exactly as the same XML-RPC call.
// Not exposed, as in supvisorsflask (REST-07): system.multicall and Supervisor's deprecated
// aliases (getVersion, readMainLog, readProcessLog, tailProcessLog, clearProcessLog).

import { defineRoute, EXTRA_ARGS, fixed, WAIT, type ArgSource, type RestRoute } from "./route-model.ts";

const get = (id: string, pattern: string, rpc: string, ...extra: ArgSource[]): RestRoute => defineRoute(id, "GET", pattern, rpc, extra);
const post = (id: string, pattern: string, rpc: string, ...extra: ArgSource[]): RestRoute => defineRoute(id, "POST", pattern, rpc, extra);

const SYSTEM: RestRoute[] = [
  get("REST-10", "/system/listMethods", "system.listMethods"),
  get("REST-11", "/system/methodHelp/<name>", "system.methodHelp"),
  get("REST-12", "/system/methodSignature/<name>", "system.methodSignature"),
];

const SUPERVISOR: RestRoute[] = [
  get("REST-20", "/supervisor/getAPIVersion", "supervisor.getAPIVersion"),
  get("REST-21", "/supervisor/getSupervisorVersion", "supervisor.getSupervisorVersion"),
  get("REST-22", "/supervisor/getIdentification", "supervisor.getIdentification"),
  get("REST-23", "/supervisor/getState", "supervisor.getState"),
  get("REST-24", "/supervisor/getPID", "supervisor.getPID"),
  get("REST-25", "/supervisor/readLog/<signed:offset>/<int:length>", "supervisor.readLog"),
  post("REST-26", "/supervisor/clearLog", "supervisor.clearLog"),
  post("REST-27", "/supervisor/shutdown", "supervisor.shutdown"),
  post("REST-28", "/supervisor/restart", "supervisor.restart"),
  post("REST-29", "/supervisor/reloadConfig", "supervisor.reloadConfig"),
  post("REST-30", "/supervisor/addProcessGroup/<name>", "supervisor.addProcessGroup"),
  post("REST-31", "/supervisor/removeProcessGroup/<name>", "supervisor.removeProcessGroup"),
  post("REST-32", "/supervisor/startProcess/<name>", "supervisor.startProcess", WAIT),
  post("REST-33", "/supervisor/startProcessGroup/<name>", "supervisor.startProcessGroup", WAIT),
  post("REST-34", "/supervisor/startAllProcesses", "supervisor.startAllProcesses", WAIT),
  post("REST-35", "/supervisor/stopProcess/<name>", "supervisor.stopProcess", WAIT),
  post("REST-36", "/supervisor/stopProcessGroup/<name>", "supervisor.stopProcessGroup", WAIT),
  post("REST-37", "/supervisor/stopAllProcesses", "supervisor.stopAllProcesses", WAIT),
  post("REST-38", "/supervisor/signalProcess/<name>/<signal>", "supervisor.signalProcess"),
  post("REST-39", "/supervisor/signalProcessGroup/<name>/<signal>", "supervisor.signalProcessGroup"),
  post("REST-40", "/supervisor/signalAllProcesses/<signal>", "supervisor.signalAllProcesses"),
  get("REST-41", "/supervisor/getAllConfigInfo", "supervisor.getAllConfigInfo"),
  get("REST-42", "/supervisor/getProcessInfo/<name>", "supervisor.getProcessInfo"),
  get("REST-43", "/supervisor/getAllProcessInfo", "supervisor.getAllProcessInfo"),
  get("REST-44", "/supervisor/readProcessStdoutLog/<name>/<signed:offset>/<int:length>", "supervisor.readProcessStdoutLog"),
  get("REST-45", "/supervisor/readProcessStderrLog/<name>/<signed:offset>/<int:length>", "supervisor.readProcessStderrLog"),
  get("REST-46", "/supervisor/tailProcessStdoutLog/<name>/<int:offset>/<int:length>", "supervisor.tailProcessStdoutLog"),
  get("REST-47", "/supervisor/tailProcessStderrLog/<name>/<int:offset>/<int:length>", "supervisor.tailProcessStderrLog"),
  post("REST-48", "/supervisor/clearProcessLogs/<name>", "supervisor.clearProcessLogs"),
  post("REST-49", "/supervisor/clearAllProcessLogs", "supervisor.clearAllProcessLogs"),
  post("REST-50", "/supervisor/sendProcessStdin/<name>/<chars>", "supervisor.sendProcessStdin"),
  post("REST-51", "/supervisor/sendRemoteCommEvent/<type>/<data>", "supervisor.sendRemoteCommEvent"),
];

const SUPVISORS: RestRoute[] = [
  get("REST-60", "/supvisors/api_version", "supvisors.get_api_version"),
  get("REST-61", "/supvisors/supvisors_state", "supvisors.get_supvisors_state"),
  get("REST-62", "/supvisors/all_instances_state_modes", "supvisors.get_all_instances_state_modes"),
  get("REST-63", "/supvisors/instance_state_modes/<identifier>", "supvisors.get_instance_state_modes"),
  get("REST-64", "/supvisors/master_identifier", "supvisors.get_master_identifier"),
  get("REST-65", "/supvisors/strategies", "supvisors.get_strategies"),
  get("REST-66", "/supvisors/statistics_status", "supvisors.get_statistics_status"),
  get("REST-67", "/supvisors/network_info/<identifier>", "supvisors.get_network_info"),
  get("REST-68", "/supvisors/all_instances_info", "supvisors.get_all_instances_info"),
  get("REST-69", "/supvisors/instance_info/<identifier>", "supvisors.get_instance_info"),
  get("REST-70", "/supvisors/all_applications_info", "supvisors.get_all_applications_info"),
  get("REST-71", "/supvisors/application_info/<application_name>", "supvisors.get_application_info"),
  get("REST-72", "/supvisors/application_rules/<application_name>", "supvisors.get_application_rules"),
  get("REST-73", "/supvisors/all_process_info", "supvisors.get_all_process_info"),
  get("REST-74", "/supvisors/process_info/<namespec>", "supvisors.get_process_info"),
  get("REST-75", "/supvisors/all_local_process_info", "supvisors.get_all_local_process_info"),
  get("REST-76", "/supvisors/local_process_info/<namespec>", "supvisors.get_local_process_info"),
  get("REST-77", "/supvisors/all_inner_process_info/<identifier>", "supvisors.get_all_inner_process_info"),
  get("REST-78", "/supvisors/inner_process_info/<identifier>/<namespec>", "supvisors.get_inner_process_info"),
  get("REST-79", "/supvisors/process_rules/<namespec>", "supvisors.get_process_rules"),
  get("REST-80", "/supvisors/conflicts", "supvisors.get_conflicts"),
  post("REST-81", "/supvisors/start_application/<starting:strategy>/<application_name>", "supvisors.start_application", WAIT),
  post("REST-82", "/supvisors/test_start_application/<starting:strategy>/<application_name>", "supvisors.test_start_application"),
  post("REST-83", "/supvisors/stop_application/<application_name>", "supvisors.stop_application", WAIT),
  post("REST-84", "/supvisors/restart_application/<starting:strategy>/<application_name>", "supvisors.restart_application", WAIT),
  post("REST-85", "/supvisors/start_args/<namespec>", "supvisors.start_args", EXTRA_ARGS, WAIT),
  post("REST-86", "/supvisors/start_process/<starting:strategy>/<namespec>", "supvisors.start_process", EXTRA_ARGS, WAIT),
  post("REST-87", "/supvisors/test_start_process/<starting:strategy>/<namespec>", "supvisors.test_start_process"),
  post("REST-88", "/supvisors/start_any_process/<starting:strategy>/<regex>", "supvisors.start_any_process", EXTRA_ARGS, WAIT),
  post("REST-89", "/supvisors/stop_process/<namespec>", "supvisors.stop_process", WAIT),
  post("REST-90", "/supvisors/restart_process/<starting:strategy>/<namespec>", "supvisors.restart_process", EXTRA_ARGS, WAIT),
  post("REST-91", "/supvisors/update_numprocs/<program_name>/<int:numprocs>", "supvisors.update_numprocs", WAIT),
  post("REST-92", "/supvisors/lazy_update_numprocs/<program_name>/<int:numprocs>", "supvisors.update_numprocs", WAIT, fixed(true)),
  post("REST-93", "/supvisors/enable/<program_name>", "supvisors.enable", WAIT),
  post("REST-94", "/supvisors/disable/<program_name>", "supvisors.disable", WAIT),
  post("REST-95", "/supvisors/conciliate/<conciliation:strategy>", "supvisors.conciliate"),
  post("REST-96", "/supvisors/restart_sequence", "supvisors.restart_sequence", WAIT),
  post("REST-97", "/supvisors/restart", "supvisors.restart"),
  post("REST-98", "/supvisors/shutdown", "supvisors.shutdown"),
  post("REST-99", "/supvisors/end_sync", "supvisors.end_sync"),
  post("REST-100", "/supvisors/end_sync/<identifier>", "supvisors.end_sync"),
  post("REST-101", "/supvisors/change_log_level/<loglevel:log_level>", "supvisors.change_log_level"),
  post("REST-102", "/supvisors/enable_host_statistics", "supvisors.enable_host_statistics", fixed(true)),
  post("REST-103", "/supvisors/disable_host_statistics", "supvisors.enable_host_statistics", fixed(false)),
  post("REST-104", "/supvisors/enable_process_statistics", "supvisors.enable_process_statistics", fixed(true)),
  post("REST-105", "/supvisors/disable_process_statistics", "supvisors.enable_process_statistics", fixed(false)),
  post("REST-106", "/supvisors/update_collecting_period/<float:period>", "supvisors.update_collecting_period"),
];

/** Every route, in the spec's order; built once when the module loads, read-only afterwards. */
export const REST_ROUTES: readonly RestRoute[] = Object.freeze([...SYSTEM, ...SUPERVISOR, ...SUPVISORS]);
