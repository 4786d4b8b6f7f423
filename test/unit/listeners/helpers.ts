// Shared fixtures of the listener tests: bytes helpers, an in-memory pool member that records what
// it is sent, and a LocalSupervisor with event listeners on the process fakes (virtual clock,
// in-memory spawner), so whole scenarios run without processes, files or sleeps.

import type { GroupConfig, ProcessConfig } from "../../../src/config/model.ts";
import type { PoolMember } from "../../../src/events/listeners/event-pool.ts";
import { EventListeners } from "../../../src/events/listeners/listener-system.ts";
import { LocalSupervisor } from "../../../src/supervisor/local-supervisor.ts";
import { FakeClock, FakeSpawner, processConfig } from "../process/fakes.ts";
import { group, supervisordConfig, TemplateExpander } from "../supervisor-dynamic/helpers.ts";

export { FakeClock, FakeSpawner, processConfig, group };

export const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
export const text = (data: Uint8Array): string => new TextDecoder().decode(data);

/** A listener as the pool sees it: running or not, and every envelope it was written. */
export class MemoryMember implements PoolMember {
  running = true;
  stdinOpen = true;
  readonly received: string[] = [];
  constructor(readonly name: string) {}

  isRunning(): boolean {
    return this.running;
  }

  write(data: string): boolean {
    if (!this.stdinOpen) return false;
    this.received.push(data);
    return true;
  }

  /** The header line of the n-th envelope received. */
  header(n: number): string {
    const envelope = this.received[n];
    if (envelope === undefined) throw new Error(`${this.name} received no envelope #${n}`);
    return envelope.slice(0, envelope.indexOf("\n"));
  }
}

/** A listener pool group: `[eventlistener:name]` with its processes. */
export function listenerGroup(
  name: string,
  events: string[],
  processes: ProcessConfig[] = [processConfig({ name, programName: name, command: "/bin/cat", startsecs: 0 })],
  bufferSize = 10,
): GroupConfig {
  return {
    ...group(name, processes, -1),
    listener: { events, bufferSize, resultHandler: "supervisor.dispatchers:default_handler" },
  };
}

export interface ListenerRig {
  sup: LocalSupervisor;
  listeners: EventListeners;
  clock: FakeClock;
  spawner: FakeSpawner;
  logs: string[];
}

/** A LocalSupervisor with EventListeners, as the daemon wires them (before start()). */
export function listenerRig(groups: GroupConfig[], identifier = "supervisor"): ListenerRig {
  const clock = new FakeClock(1_795_574_588_000);
  const spawner = new FakeSpawner();
  const logs: string[] = [];
  const config = supervisordConfig(groups);
  config.server.identifier = identifier;
  const sup = new LocalSupervisor({
    config,
    spawner,
    clock,
    log: (level, message) => logs.push(`${level} ${message}`),
    serverUrl: null,
    expander: new TemplateExpander({ startsecs: 0 }),
  });
  const listeners = new EventListeners({
    sup,
    identifier,
    log: (level, message) => logs.push(`${level} ${message}`),
    tickClock: clock,
  });
  return { sup, listeners, clock, spawner, logs };
}

/** The envelopes a fake child read on its stdin, split into header line and payload. */
export function envelopes(stdin: readonly string[]): { header: string; payload: string }[] {
  return stdin.map((e) => {
    const eol = e.indexOf("\n");
    return { header: e.slice(0, eol), payload: e.slice(eol + 1) };
  });
}

/** The `eventname:` of each envelope. */
export function eventNames(stdin: readonly string[]): string[] {
  return envelopes(stdin).map(({ header }) => /eventname:(\S+)/.exec(header)?.[1] ?? "?");
}
