// A LocalSupervisor on the process fakes (virtual clock, in-memory spawner), with a configuration
// built in code, an in-memory disabilities store and an expander that builds numprocs configs
// from a template: the dynamic features are driven without files, processes or sleeps.

export { faultOf } from "../../support/fault-of.ts";
import type { GroupConfig, ProcessConfig, SupervisordConfig } from "../../../src/config/model.ts";
import { RpcRegistry } from "../../../src/api/registry.ts";
import { registerSupervisorMethods } from "../../../src/api/supervisor/index.ts";
import { localSupvisorsMethods } from "../../../src/api/supvisors/local-methods.ts";
import type { FsmState } from "../../../src/cluster/states.ts";
import type { XmlRpcValue } from "../../../src/api/xmlrpc/value.ts";
import { LocalSupervisor } from "../../../src/supervisor/local-supervisor.ts";
import type { DisabilityStore } from "../../../src/supervisor/disability-flags.ts";
import { NumprocsNotApplicable, type ProgramExpander } from "../../../src/supervisor/program-expander.ts";
import { FakeClock, FakeSpawner, processConfig } from "../process/fakes.ts";

export { FakeClock, FakeSpawner, processConfig };

/** The processes of a numprocs program: `${program}_${n}`, sleeping forever, startsecs 1. */
export function numbered(program: string, count: number, over: Partial<ProcessConfig> = {}): ProcessConfig[] {
  return Array.from({ length: count }, (_, n) =>
    processConfig({ name: `${program}_${n}`, programName: program, processNum: n, command: "/bin/sleep 1000", ...over }),
  );
}

export function group(name: string, processes: ProcessConfig[], priority = 999): GroupConfig {
  return { name, priority, processes, source: { file: "test.conf", line: 1 } };
}

export function supervisordConfig(groups: GroupConfig[]): SupervisordConfig {
  return {
    file: "/nonexistent/supervisord.conf",
    here: "/nonexistent",
    server: {
      logfile: "/dev/null",
      logfileMaxbytes: 0,
      logfileBackups: 0,
      loglevel: "info",
      pidfile: "/nonexistent/supervisord.pid",
      umask: 0o22,
      nodaemon: true,
      silent: true,
      minfds: 1024,
      minprocs: 200,
      nocleanup: true,
      childlogdir: "/tmp",
      user: null,
      directory: null,
      stripAnsi: false,
      environment: {},
      identifier: "supervisor",
    },
    inetServer: null,
    unixServer: null,
    ctl: { serverurl: "http://localhost:9001", username: null, password: null, prompt: "supervisor", historyFile: null },
    groups,
    rpcInterfaces: [],
    ctlPlugins: [],
    warnings: [],
  };
}

/** Expands `${program}_${n}` processes like numbered(); programs in `single` have no %(process_num). */
export class TemplateExpander implements ProgramExpander {
  readonly calls: { program: string; groups: readonly string[]; numprocs: number }[] = [];
  constructor(
    readonly over: Partial<ProcessConfig> = {},
    readonly single: ReadonlySet<string> = new Set(),
  ) {}

  expand(program: string, groups: readonly string[], numprocs: number): Map<string, ProcessConfig[]> {
    this.calls.push({ program, groups, numprocs });
    if (numprocs > 1 && this.single.has(program)) throw new NumprocsNotApplicable(program);
    return new Map(groups.map((g) => [g, numbered(program, numprocs, this.over)]));
  }
}

/** A disabilities store keeping each save, as the file would receive it. */
export class MemoryStore implements DisabilityStore {
  readonly saves: Record<string, boolean>[] = [];
  constructor(readonly initial: Record<string, boolean> = {}) {}
  load(): Record<string, boolean> {
    return { ...this.initial };
  }
  save(flags: Readonly<Record<string, boolean>>): void {
    this.saves.push({ ...flags });
  }
  get last(): Record<string, boolean> | undefined {
    return this.saves.at(-1);
  }
}

export interface Rig {
  sup: LocalSupervisor;
  clock: FakeClock;
  spawner: FakeSpawner;
  logs: string[];
  expander: TemplateExpander;
  registry: RpcRegistry;
  fsm: { state: FsmState };
  call(method: string, ...params: XmlRpcValue[]): Promise<XmlRpcValue>;
}

/** A LocalSupervisor with the supervisor.* and the local supvisors.* methods registered. */
export function rig(
  groups: GroupConfig[],
  opts: { expander?: TemplateExpander; store?: DisabilityStore; holdsAutorestart?: (group: string, process: string) => boolean } = {},
): Rig {
  const clock = new FakeClock();
  const spawner = new FakeSpawner();
  const logs: string[] = [];
  const expander = opts.expander ?? new TemplateExpander({ startsecs: 0 });
  const sup = new LocalSupervisor({
    config: supervisordConfig(groups),
    spawner,
    clock,
    log: (level, message) => logs.push(`${level} ${message}`),
    serverUrl: null,
    expander,
    holdsAutorestart: opts.holdsAutorestart,
  });
  if (opts.store) sup.useDisabilities(opts.store);
  const registry = new RpcRegistry();
  const fsm: { state: FsmState } = { state: "OPERATION" };
  registerSupervisorMethods(registry, {
    sup,
    logger: null as never,
    daemon: { pid: 1, requestShutdown: () => {}, requestRestart: () => {}, reread: () => supervisordConfig(groups), remoteCommEvent: () => {} },
  });
  const clockMono = { wallMs: () => clock.now(), monotonic: () => clock.now() / 1000 - 1_699_999_000 };
  for (const method of localSupvisorsMethods({ sup, fsm: () => fsm.state, clock: clockMono })) registry.register(method);
  return { sup, clock, spawner, logs, expander, registry, fsm, call: (method, ...params) => registry.dispatch(method, params) };
}


/** State names by namespec. */
export function states(sup: LocalSupervisor): Record<string, string> {
  return Object.fromEntries(sup.lexicalEntries().map((e) => [e.namespec, e.info(0).statename]));
}

/** Lets queued microtasks (retired process removal) run. */
export function flush(): Promise<void> {
  return new Promise((resolve) => queueMicrotask(resolve));
}
