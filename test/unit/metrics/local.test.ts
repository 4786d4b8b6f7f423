// The local collector over a hand-made supervisor: spawns counted from transitions (restarts =
// spawns after the first), figures asked only for processes with a pid, the daemon state read at
// each scrape.

import { describe, expect, test } from "bun:test";
import { LocalCollector, type LocalProcessView, type LocalSupervisorView, type ProcessFigures } from "../../../src/api/metrics/local-collector.ts";
import { SpawnCounter } from "../../../src/api/metrics/spawn-counter.ts";
import { writeTextFormat } from "../../../src/api/metrics/text-format.ts";
import { ProcessStates, SupervisorStates, type ProcessState, type SupervisorState } from "../../../src/process/states.ts";

type Listener = (entry: LocalProcessView, event: { to: ProcessState }) => void;

/** A supervisor whose processes change state when the test says so. */
class FakeSupervisor implements LocalSupervisorView {
  state: SupervisorState = SupervisorStates.RUNNING;
  readonly clock = { now: () => 1_000_000 };
  readonly listeners = new Set<Listener>();
  readonly processes: { group: string; name: string; namespec: string; runner: { info: { state: ProcessState; pid: number; laststart: number } } }[] = [];

  add(group: string, name: string) {
    const entry = { group, name, namespec: `${group}:${name}`, runner: { info: { state: ProcessStates.STOPPED as ProcessState, pid: 0, laststart: 0 } } };
    this.processes.push(entry);
    return entry;
  }

  entries(): readonly LocalProcessView[] {
    return this.processes;
  }

  onTransition(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  move(entry: (typeof this.processes)[number], to: ProcessState, pid = entry.runner.info.pid): void {
    entry.runner.info = { state: to, pid, laststart: to === ProcessStates.STARTING ? this.clock.now() - 2000 : entry.runner.info.laststart };
    for (const listener of this.listeners) listener(entry, { to });
  }
}

describe("SpawnCounter", () => {
  test("every entry into STARTING is a spawn; restarts are the spawns after the first", () => {
    const sup = new FakeSupervisor();
    const app = sup.add("web", "app");
    const counter = new SpawnCounter(sup);
    expect([counter.spawns(app), counter.restarts(app)]).toEqual([0, 0]);
    sup.move(app, ProcessStates.STARTING, 10);
    sup.move(app, ProcessStates.RUNNING);
    expect([counter.spawns(app), counter.restarts(app)]).toEqual([1, 0]);
    // Exits, is restarted automatically, fails once (BACKOFF) and is retried.
    sup.move(app, ProcessStates.EXITED, 0);
    sup.move(app, ProcessStates.STARTING, 11);
    sup.move(app, ProcessStates.BACKOFF, 0);
    sup.move(app, ProcessStates.STARTING, 12);
    sup.move(app, ProcessStates.RUNNING);
    sup.move(app, ProcessStates.STOPPING);
    sup.move(app, ProcessStates.STOPPED, 0);
    expect([counter.spawns(app), counter.restarts(app)]).toEqual([3, 2]);
  });

  test("close() stops counting", () => {
    const sup = new FakeSupervisor();
    const app = sup.add("web", "app");
    const counter = new SpawnCounter(sup);
    counter.close();
    sup.move(app, ProcessStates.STARTING, 10);
    expect(counter.spawns(app)).toBe(0);
    expect(sup.listeners.size).toBe(0);
  });
});

describe("LocalCollector", () => {
  test("reads states, pids and restarts at scrape time; figures only for processes with a pid", () => {
    const sup = new FakeSupervisor();
    const app = sup.add("web", "app");
    sup.add("web", "db");
    const asked: string[] = [];
    const figures = (namespec: string): ProcessFigures | null => {
      asked.push(namespec);
      return { cpuCores: 0.5, memoryBytes: 1024 };
    };
    const collector = new LocalCollector(sup, { figures }, "1.2.3");
    sup.move(app, ProcessStates.STARTING, 77);
    sup.move(app, ProcessStates.RUNNING);
    sup.move(app, ProcessStates.EXITED, 0);
    sup.move(app, ProcessStates.STARTING, 78);
    sup.move(app, ProcessStates.RUNNING);
    const text = writeTextFormat(collector.families());
    expect(asked).toEqual(["web:app"]);
    expect(text).toContain('flotilla_process_restarts_total{group="web",name="app"} 1\n');
    expect(text).toContain('flotilla_process_restarts_total{group="web",name="db"} 0\n');
    expect(text).toContain('flotilla_process_state{group="web",name="app",state="RUNNING"} 1\n');
    expect(text).toContain('flotilla_process_state{group="web",name="db",state="STOPPED"} 1\n');
    expect(text).toContain('flotilla_process_uptime_seconds{group="web",name="app"} 2\n');
    expect(text).toContain('flotilla_process_pid{group="web",name="app"} 78\n');
    expect(text).toContain('flotilla_process_cpu_ratio{group="web",name="app"} 0.5\n');
    expect(text).not.toContain('flotilla_process_cpu_ratio{group="web",name="db"}');
    expect(text).toContain('flotilla_build_info{version="1.2.3"} 1\n');
    sup.state = SupervisorStates.SHUTDOWN;
    expect(writeTextFormat(collector.families())).toContain('flotilla_supervisor_state{state="SHUTDOWN"} 1\n');
  });

  test("without a statistics source: no CPU or memory family at all", () => {
    const sup = new FakeSupervisor();
    const app = sup.add("solo", "solo");
    sup.move(app, ProcessStates.STARTING, 5);
    const text = writeTextFormat(new LocalCollector(sup, null, "x").families());
    expect(text).toContain('flotilla_process_pid{group="solo",name="solo"} 5\n');
    expect(text).not.toContain("_cpu_");
    expect(text).not.toContain("_memory_");
  });
});
