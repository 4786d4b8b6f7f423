// supvisors.* queries of the application scope (RPC-SV-11..17, 20, 21): applications, their rules,
// the synthetic process view, conflicts and the per-instance records, read from the control
// engine and the cluster snapshot with Supvisors' exact keys.

import { ApplicationStates, type ApplicationStatus } from "../../control/model/application-status.ts";
import type { ProcessStatus } from "../../control/model/synthesis.ts";
import { applicationStatuses, conflicts, processStatuses } from "../../control/engine/index.ts";
import type { ProcessInfo } from "../../cluster/messages.ts";
import { resolveIdentifiers } from "../../cluster/queries.ts";
import type { ClusterState } from "../../cluster/state.ts";
import { ProcessStates } from "../../process/states.ts";
import { Faults, RpcFault } from "../faults.ts";
import type { RpcMethod } from "../registry.ts";
import { Double, type XmlRpcValue } from "../xmlrpc/value.ts";
import { FROM_DISTRIBUTION, assertState, knownKeys, selectKeys, type ControlApi } from "./control-api.ts";
import type { Struct } from "./wire.ts";

/** RPC-SV-11 struct. */
export function applicationInfoValue(status: ApplicationStatus, now: number): Struct {
  return {
    application_name: status.name,
    managed: status.managed,
    now_monotonic: new Double(now),
    statecode: ApplicationStates[status.state],
    statename: status.state,
    major_failure: status.majorFailure,
    minor_failure: status.minorFailure,
  };
}

/** RPC-SV-15 process status struct (displayed state; `identifiers` = running set). */
export function processStatusValue(status: ProcessStatus, now: number): Struct {
  return {
    application_name: status.application,
    process_name: status.name,
    now_monotonic: new Double(now),
    statecode: ProcessStates[status.state],
    statename: status.state,
    expected_exit: status.expectedExit,
    last_event_mtime: new Double(status.lastEventMtime),
    identifiers: [...status.runningOn],
    extra_args: status.extraArgs,
  };
}

/** RPC-SV-20 record: the local struct as that instance reported it, plus Supvisors' bookkeeping. */
function innerProcessValue(info: ProcessInfo, wallNow: number): Struct {
  // ST-CON-07: uptime counts while RUNNING or STOPPING.
  const running = info.state === ProcessStates.RUNNING || info.state === ProcessStates.STOPPING;
  const crashed = info.state === ProcessStates.FATAL || (info.state === ProcessStates.EXITED && !info.expected);
  return {
    ...Object.fromEntries(Object.entries(info).map(([k, v]) => [k, typeof v === "number" && k.endsWith("monotonic") ? new Double(v) : v])),
    local_mtime: new Double(info.now_monotonic),
    event_time: Math.trunc(info.now),
    uptime: running && info.start > 0 ? Math.max(0, Math.trunc(wallNow - info.start)) : 0,
    has_crashed: crashed,
  } as Struct;
}

function applicationOf(api: ControlApi, name: string): ApplicationStatus {
  const found = applicationStatuses(api.state(), api.snapshot()).find((a) => a.name === name);
  if (found === undefined) throw new RpcFault(Faults.BAD_NAME, `application=${name} unknown to Supvisors`);
  return found;
}

function ruleIdentifiers(api: ControlApi, key: string, listed: string[]): string[] {
  const assigned = api.state().assignments?.processes.get(key);
  return assigned !== undefined ? [...assigned] : [...listed];
}

function processRulesValue(api: ControlApi, key: string): Struct {
  const colon = key.indexOf(":");
  const app = key.slice(0, colon);
  const name = key.slice(colon + 1);
  const rules = api.book().program(app, name);
  return {
    application_name: app,
    process_name: name,
    identifiers: ruleIdentifiers(api, key, rules.identifiers),
    start_sequence: rules.start_sequence,
    stop_sequence: rules.stop_sequence,
    required: rules.required,
    wait_exit: rules.wait_exit,
    expected_loading: rules.expected_loading,
    starting_failure_strategy: rules.starting_failure_strategy,
    running_failure_strategy: rules.running_failure_strategy,
  };
}

function applicationRulesValue(api: ControlApi, name: string): Struct {
  const rules = api.book().application(name);
  if (!rules.managed) return { application_name: name, managed: false };
  const assigned = api.state().assignments?.applications.get(name);
  return {
    application_name: name,
    managed: true,
    distribution: rules.distribution,
    identifiers: assigned !== undefined ? [...assigned] : [...rules.identifiers],
    start_sequence: rules.start_sequence,
    stop_sequence: rules.stop_sequence,
    starting_strategy: rules.starting_strategy,
    starting_failure_strategy: rules.starting_failure_strategy,
    running_failure_strategy: rules.running_failure_strategy,
    status_formula: rules.operational_status ?? "",
  };
}

function instancesNamed(state: ClusterState, identifier: string): string[] {
  const ids = resolveIdentifiers(state, identifier);
  if (ids.length === 0) throw new RpcFault(Faults.BAD_NAME, `identifier=${identifier} unknown to Supvisors`);
  return ids;
}

const NAME = { name: "application_name", type: "string" } as const;
const NAMESPEC = { name: "namespec", type: "string" } as const;
const IDENTIFIER = { name: "identifier", type: "string" } as const;

export function applicationMethods(api: ControlApi, clusterState: () => ClusterState): RpcMethod[] {
  const fromDistribution = () => assertState(api.snapshot().fsm, FROM_DISTRIBUTION);
  const statuses = () => processStatuses(api.state(), api.snapshot());
  const statusesOf = (namespec: string): XmlRpcValue[] => {
    const all = statuses();
    const keys = new Set(selectKeys(all.map((s) => s.namespec), namespec));
    const now = api.now();
    return all.filter((s) => keys.has(s.namespec)).map((s) => processStatusValue(s, now));
  };
  return [
    {
      name: "supvisors.get_application_info",
      params: [NAME],
      returns: "struct",
      help: "Get information about an application.\n@param string application_name the name of the application\n@return struct the application status (BAD_NAME if unknown)",
      call: ([name]) => {
        fromDistribution();
        return applicationInfoValue(applicationOf(api, name as string), api.now());
      },
    },
    {
      name: "supvisors.get_all_applications_info",
      params: [],
      returns: "array",
      help: "Get information about every application known to the cluster, managed or not.\n@return array application status structs",
      call: () => {
        fromDistribution();
        const now = api.now();
        return applicationStatuses(api.state(), api.snapshot()).map((s) => applicationInfoValue(s, now));
      },
    },
    {
      name: "supvisors.get_application_rules",
      params: [NAME],
      returns: "struct",
      help: "Get the rules of an application (only `managed: false` for an unmanaged one).\n@param string application_name the name of the application\n@return struct the application rules",
      call: ([name]) => {
        fromDistribution();
        applicationOf(api, name as string);
        return applicationRulesValue(api, name as string);
      },
    },
    {
      name: "supvisors.get_process_rules",
      params: [NAMESPEC],
      returns: "array",
      help: "Get the rules of processes (group:* for all the processes of an application).\n@param string namespec the process namespec\n@return array process rules structs",
      call: ([namespec]) => {
        fromDistribution();
        return selectKeys(knownKeys(api.snapshot()), namespec as string).map((key) => processRulesValue(api, key));
      },
    },
    {
      name: "supvisors.get_process_info",
      params: [NAMESPEC],
      returns: "array",
      help: "Get the cluster-wide status of processes (group:* for all the processes of an application).\n@param string namespec the process namespec\n@return array process status structs",
      call: ([namespec]) => {
        fromDistribution();
        return statusesOf(namespec as string);
      },
    },
    {
      name: "supvisors.get_all_process_info",
      params: [],
      returns: "array",
      help: "Get the cluster-wide status of every process.\n@return array process status structs",
      call: () => {
        fromDistribution();
        const now = api.now();
        return statuses().map((s) => processStatusValue(s, now));
      },
    },
    {
      name: "supvisors.get_conflicts",
      params: [],
      returns: "array",
      help: "Get the managed processes running on more than one instance.\n@return array process status structs",
      call: () => {
        fromDistribution();
        const now = api.now();
        return conflicts(api.state(), api.snapshot()).map((s) => processStatusValue(s, now));
      },
    },
    {
      name: "supvisors.get_inner_process_info",
      params: [IDENTIFIER, NAMESPEC],
      returns: "array",
      help: "Get what an instance reported about processes, with the cluster's bookkeeping (for debugging).\n@param string identifier the instance\n@param string namespec the process namespec\n@return array per-instance process records",
      call: ([identifier, namespec]) => {
        const state = clusterState();
        const wallNow = Date.now() / 1000;
        const result: XmlRpcValue[] = [];
        for (const id of instancesNamed(state, identifier as string)) {
          const processes = state.instances.get(id)!.processes;
          const keys = selectKeys(knownKeys(api.snapshot()), namespec as string);
          for (const key of keys) {
            const info = processes.get(key);
            if (info === undefined) throw new RpcFault(Faults.FAILED, `no process ${key} reported by ${id}`);
            result.push(innerProcessValue(info, wallNow));
          }
        }
        return result;
      },
    },
    {
      name: "supvisors.get_all_inner_process_info",
      params: [IDENTIFIER],
      returns: "array",
      help: "Get what an instance reported about all its processes, with the cluster's bookkeeping.\n@param string identifier the instance\n@return array per-instance process records",
      call: ([identifier]) => {
        const state = clusterState();
        const wallNow = Date.now() / 1000;
        return instancesNamed(state, identifier as string).flatMap((id) =>
          [...state.instances.get(id)!.processes.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, info]) => innerProcessValue(info, wallNow)),
        );
      },
    },
  ];
}
