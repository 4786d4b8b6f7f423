// A test double of the dashboard's dependencies: a real ClusterState (initialState, then instance
// records with states, clocks and processes written in) and a real control engine state, with
// every request recorded and answered as the test says, and a change emitter.

import { tmpdir } from "node:os";
import { join } from "node:path";
import type { XmlRpcValue } from "../../../src/api/xmlrpc/value.ts";
import { StatsStore } from "../../../src/stats/store.ts";
import type { StatsView } from "../../../src/web/deps.ts";
import type { ControlApi } from "../../../src/api/supvisors/control-api.ts";
import { clusterOptions, initialState, type ClusterInput, type ClusterState, type RequestReply } from "../../../src/cluster/index.ts";
import type { ProcessInfo } from "../../../src/cluster/messages.ts";
import type { InstanceRecord } from "../../../src/cluster/state.ts";
import type { FsmState, InstanceState } from "../../../src/cluster/states.ts";
import type { SynchroOption } from "../../../src/config/supvisors-model.ts";
import type { SupvisorsOptions } from "../../../src/config/supvisors-model.ts";
import { mergeRulesTexts } from "../../../src/config/rules/index.ts";
import { initialControlState, type ControlReply, type ControlRequest } from "../../../src/control/engine/index.ts";
import { RulesBook } from "../../../src/control/model/rules-book.ts";
import type { ProcessStateName } from "../../../src/process/states.ts";
import { processInfo } from "../../support/process-info.ts";
import { supvisorsOptions as baseOptions } from "../../support/supvisors-options.ts";
import type { DashboardDeps } from "../../../src/web/deps.ts";

export const idOf = (nick: string, i: number): string => `10.0.0.${i + 1}:${60000 + i}`;

export function proc(group: string, name: string, state: ProcessStateName = "RUNNING", extra: Partial<ProcessInfo> = {}): ProcessInfo {
  return processInfo(group, name, state, { start: state === "RUNNING" ? 1_700_000_000 : 0, now: 1_700_000_100, ...extra });
}

export interface FakeSpec {
  nicks: string[];
  /** Per nick: its processes. */
  processes?: Record<string, ProcessInfo[]>;
  states?: Record<string, InstanceState>;
  fsm?: FsmState;
  /** Nick of the Master ("" for none); the first instance by default. */
  master?: string;
  synchroOptions?: SynchroOption[];
  /** Rules XML body (inside <root>); applications without rules are unmanaged. */
  rules?: string;
  discoveryMode?: boolean;
  softwareName?: string;
  softwareIcon?: string | null;
  cssFiles?: string[];
  /** Instance busy flags (the state & modes they published). */
  jobs?: Record<string, { starting?: boolean; stopping?: boolean }>;
}

/** The Supvisors options of the fake: a declared list, STRICT synchro, a small log. */
export function supvisorsOptions(overrides: Partial<SupvisorsOptions> = {}): SupvisorsOptions {
  return baseOptions({
    section: "supvisors",
    listDeclared: true,
    synchroOptions: ["STRICT"],
    logger: { logfile: { kind: "auto" }, logfileMaxbytes: 1024, logfileBackups: 1, loglevel: "info" },
    ...overrides,
  });
}

export class FakeDeps implements DashboardDeps {
  cluster: () => ClusterState;
  state: ClusterState;
  control: ControlApi;
  supvisors: SupvisorsOptions;
  localId: string;
  readonly clusterRequests: ClusterInput[] = [];
  readonly controlRequests: ControlRequest[] = [];
  readonly stops: { identifier: string; namespec: string }[] = [];
  clusterReply: RequestReply = { ok: true };
  controlReply: ControlReply = { ok: true, value: true };
  /** What a stopOn does besides being recorded (e.g. remove the process and emit a change). */
  onStop: (identifier: string, namespec: string) => void = () => undefined;
  readonly listeners = new Set<() => void>();
  monotonic = 200;
  wall = Date.UTC(2024, 0, 2, 10, 20, 30);
  actionTimeoutMs = 2000;
  readFile?: (path: string) => Uint8Array;
  /** XML-RPC calls the pages made, and the answers a test wants them to get (by method name). */
  readonly rpcCalls: { method: string; params: XmlRpcValue[] }[] = [];
  rpcAnswers: Record<string, (params: XmlRpcValue[]) => XmlRpcValue> = {};
  /**
   * Folder of the log files `logs` names (`<namespec>.<channel>.log`, `supervisord.log`); the
   * files exist only once a test writes them, so tests that follow logs set it to a mkdtemp folder.
   */
  logDir = join(tmpdir(), "flotilla-fake-deps-logs");
  readonly logs = {
    processLog: (namespec: string, channel: "stdout" | "stderr"): string | null => join(this.logDir, `${namespec.replace(/[:/]/g, "_")}.${channel}.log`),
    mainLog: (): string | null => join(this.logDir, "supervisord.log"),
  };
  /** Statistics figures a test fills in (the store the daemon's view reads). */
  readonly statsStore = new StatsStore([10], 200);
  statsStatus = { hostStats: true, processStats: true, collectingPeriod: 5 };
  readonly stats: StatsView = {
    periods: [10],
    status: () => this.statsStatus,
    host: (identifier, period) => this.statsStore.host(identifier, period),
    process: (identifier, namespec, period) => this.statsStore.process(identifier, namespec, period),
    hostFacts: (identifier) => this.statsStore.hostFacts(identifier),
  };

  async rpc(method: string, params: XmlRpcValue[]): Promise<XmlRpcValue> {
    this.rpcCalls.push({ method, params });
    const answer = this.rpcAnswers[method];
    if (answer === undefined) throw new Error(`no fake answer for ${method}`);
    return answer(params);
  }

  constructor(spec: FakeSpec) {
    const ids = spec.nicks.map((nick, i) => idOf(nick, i));
    const declared = spec.nicks.map((nick, i) => ({
      identity: { identifier: ids[i]!, nick, host: `10.0.0.${i + 1}`, httpPort: 60000 + i, stereotypes: [] },
      address: `10.0.0.${i + 1}`,
    }));
    const options = clusterOptions(
      { identifier: ids[0]!, nick: spec.nicks[0]!, host: "10.0.0.1", httpPort: 60000 },
      { declared, synchroOptions: spec.synchroOptions ?? ["STRICT"], discoveryMode: spec.discoveryMode ?? false },
    );
    const state = initialState(options, 0, this.wall / 1000);
    const instances = state.instances as Map<string, InstanceRecord>;
    spec.nicks.forEach((nick, i) => {
      const record = instances.get(ids[i]!)!;
      const processes = spec.processes?.[nick] ?? [];
      const jobs = spec.jobs?.[nick];
      instances.set(ids[i]!, {
        ...record,
        state: spec.states?.[nick] ?? "RUNNING",
        times: { remoteSeq: 1, remoteMtime: 190, remoteTime: this.wall / 1000 - 10, localSeq: 1, localMtime: 190, localTime: 0 },
        processes: new Map(processes.map((p) => [`${p.group}:${p.name}`, p])),
        network: {
          machine_id: `m${i}`,
          fqdn: nick,
          addresses: { eth0: { ipv4_addresses: [`10.0.0.${i + 1}`], nic_info: { nic_name: "eth0", ipv4_address: `10.0.0.${i + 1}`, netmask: "255.255.255.0" } } },
        },
        view:
          i === 0
            ? null
            : { fsm: spec.fsm ?? "OPERATION", degraded: false, discovery: false, master: "", startingJobs: jobs?.starting ?? false, stoppingJobs: jobs?.stopping ?? false, instanceStates: {} },
      });
    });
    state.fsm = spec.fsm ?? "OPERATION";
    const masterNick = spec.master ?? spec.nicks[0]!;
    state.master = masterNick === "" ? "" : ids[spec.nicks.indexOf(masterNick)]!;
    state.clock = { mono: this.monotonic, wall: this.wall / 1000 };
    const local = spec.jobs?.[spec.nicks[0]!];
    state.control = { startingJobs: local?.starting ?? false, stoppingJobs: local?.stopping ?? false, conflicting: false };
    this.state = state;
    this.localId = ids[0]!;
    const book = spec.rules === undefined ? RulesBook.empty("CONFIG") : new RulesBook(mergeRulesTexts([{ path: "rules.xml", text: `<root>${spec.rules}</root>` }]).rules, "CONFIG");
    const controlState = initialControlState({ localId: this.localId, tickPeriod: 5, startingStrategy: "CONFIG", conciliationStrategy: "USER" }, book);
    this.cluster = () => this.state;
    this.control = {
      state: () => controlState,
      snapshot: () => this.state,
      book: () => book,
      request: async (request) => {
        this.controlRequests.push(request);
        return this.controlReply;
      },
      now: () => this.monotonic,
    };
    this.supvisors = supvisorsOptions({
      discoveryMode: spec.discoveryMode ?? false,
      softwareName: spec.softwareName ?? "",
      softwareIcon: spec.softwareIcon ?? null,
      cssFiles: spec.cssFiles ?? [],
      synchroOptions: spec.synchroOptions ?? ["STRICT"],
    });
  }

  request(input: ClusterInput): RequestReply {
    this.clusterRequests.push(input);
    return this.clusterReply;
  }

  async stopOn(identifier: string, namespec: string): Promise<void> {
    this.stops.push({ identifier, namespec });
    this.onStop(identifier, namespec);
  }

  now(): number {
    return this.monotonic;
  }

  wallMs(): number {
    return this.wall;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** Replaces one process report on an instance (by nick index) and notifies. */
  setProcess(index: number, info: ProcessInfo | null, key?: string): void {
    const id = [...this.state.instances.keys()][index]!;
    const instances = this.state.instances as Map<string, InstanceRecord>;
    const record = instances.get(id)!;
    const processes = new Map(record.processes);
    if (info === null) processes.delete(key!);
    else processes.set(`${info.group}:${info.name}`, info);
    instances.set(id, { ...record, processes });
    this.emit();
  }
}

/** A cluster of `instances` instances and `processes` processes spread over `apps` applications, all RUNNING. */
export function bigSpec(instances: number, processes: number, apps = 20): FakeSpec {
  const nicks = Array.from({ length: instances }, (_, i) => `n${i}`);
  const byNick: Record<string, ProcessInfo[]> = {};
  for (let p = 0; p < processes; p++) {
    const nick = nicks[p % instances]!;
    (byNick[nick] ??= []).push(proc(`app${p % apps}`, `p${p}`));
  }
  const rules = Array.from({ length: apps }, (_, a) => `<application name="app${a}"/>`).join("");
  return { nicks, processes: byNick, rules };
}
