// The collectors over hand-made states: local processes (one-hot state, restarts, uptime, pid,
// statistics present or absent), the daemon, the cluster (FSM, Master, instance states and loads)
// and the peer links.

import { describe, expect, test } from "bun:test";
import { clusterFamilies, instanceFamilies, linkFamilies } from "../../../src/api/metrics/cluster-collector.ts";
import { daemonFamilies, processFamilies, type ProcessRow } from "../../../src/api/metrics/local-collector.ts";
import { writeTextFormat, type MetricFamily } from "../../../src/api/metrics/text-format.ts";
import { clusterOptions, initialState, type ClusterState } from "../../../src/cluster/index.ts";
import type { InstanceRecord } from "../../../src/cluster/state.ts";
import type { InstanceState } from "../../../src/cluster/states.ts";
import type { LinkStats } from "../../../src/cluster/net/index.ts";
import { ProcessStates, SupervisorStates } from "../../../src/process/states.ts";

/** The value of one sample of the written text, or undefined when the line is absent. */
function valueOf(families: MetricFamily[], name: string, labels: Record<string, string>): number | undefined {
  const wanted = `${name}{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(",")}}`;
  const line = writeTextFormat(families).split("\n").find((l) => l.startsWith(`${wanted} `) || (Object.keys(labels).length === 0 && l.startsWith(`${name} `)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(" ") + 1));
}

function samplesOf(families: MetricFamily[], name: string): number {
  return families.find((f) => f.name === name)?.samples.length ?? 0;
}

const NOW = 1_700_000_000_000;

function row(patch: Partial<ProcessRow>): ProcessRow {
  return { group: "web", name: "app", state: ProcessStates.STOPPED, pid: 0, laststart: 0, restarts: 0, figures: null, ...patch };
}

describe("processes", () => {
  test("a RUNNING process: state one-hot, uptime since the last spawn, pid, restarts", () => {
    const f = processFamilies([row({ state: ProcessStates.RUNNING, pid: 4242, laststart: NOW - 90_500, restarts: 3 })], NOW);
    expect(valueOf(f, "flotilla_process_state", { group: "web", name: "app", state: "RUNNING" })).toBe(1);
    for (const other of ["STOPPED", "STARTING", "BACKOFF", "STOPPING", "EXITED", "FATAL", "UNKNOWN"]) {
      expect(valueOf(f, "flotilla_process_state", { group: "web", name: "app", state: other })).toBe(0);
    }
    expect(valueOf(f, "flotilla_process_uptime_seconds", { group: "web", name: "app" })).toBe(90.5);
    expect(valueOf(f, "flotilla_process_pid", { group: "web", name: "app" })).toBe(4242);
    expect(valueOf(f, "flotilla_process_restarts_total", { group: "web", name: "app" })).toBe(3);
  });

  test.each([ProcessStates.STARTING, ProcessStates.STOPPING, ProcessStates.EXITED, ProcessStates.FATAL, ProcessStates.BACKOFF])(
    "uptime is 0 in state %p, even with a last start",
    (state) => {
      const f = processFamilies([row({ state, pid: state === ProcessStates.STOPPING ? 7 : 0, laststart: NOW - 5000 })], NOW);
      expect(valueOf(f, "flotilla_process_uptime_seconds", { group: "web", name: "app" })).toBe(0);
    },
  );

  test("CPU and memory only for processes with figures: absent, not zero, without statistics", () => {
    const f = processFamilies(
      [
        row({ name: "with", state: ProcessStates.RUNNING, pid: 10, laststart: NOW, figures: { cpuCores: 0.25, memoryBytes: 52_428_800 } }),
        row({ name: "without", state: ProcessStates.RUNNING, pid: 11, laststart: NOW }),
      ],
      NOW,
    );
    expect(valueOf(f, "flotilla_process_cpu_ratio", { group: "web", name: "with" })).toBe(0.25);
    expect(valueOf(f, "flotilla_process_memory_bytes", { group: "web", name: "with" })).toBe(52_428_800);
    expect(valueOf(f, "flotilla_process_cpu_ratio", { group: "web", name: "without" })).toBeUndefined();
    expect(samplesOf(f, "flotilla_process_memory_bytes")).toBe(1);
  });

  test("no statistics at all: the CPU and memory families are not written", () => {
    const text = writeTextFormat(processFamilies([row({})], NOW));
    expect(text).not.toContain("flotilla_process_cpu_ratio");
    expect(text).not.toContain("flotilla_process_memory_bytes");
    expect(text).toContain("# TYPE flotilla_process_restarts_total counter\n");
  });

  test("label values with quotes and backslashes come out escaped", () => {
    const text = writeTextFormat(processFamilies([row({ group: 'g"1', name: "a\\b" })], NOW));
    expect(text).toContain('flotilla_process_pid{group="g\\"1",name="a\\\\b"} 0\n');
  });

  test("the daemon: version and state one-hot", () => {
    const f = daemonFamilies(SupervisorStates.SHUTDOWN, "9.9.9");
    expect(valueOf(f, "flotilla_build_info", { version: "9.9.9" })).toBe(1);
    expect(valueOf(f, "flotilla_supervisor_state", { state: "SHUTDOWN" })).toBe(1);
    expect(valueOf(f, "flotilla_supervisor_state", { state: "RUNNING" })).toBe(0);
    expect(samplesOf(f, "flotilla_supervisor_state")).toBe(4);
  });
});

const ids = { a: "10.0.0.1:9001", b: "10.0.0.2:9001", c: "10.0.0.3:9001" };

function clusterState(fsm: ClusterState["fsm"], master: string, states: Record<string, InstanceState>): ClusterState {
  const base = initialState(
    clusterOptions(
      { identifier: ids.a, nick: "alpha", host: "10.0.0.1", httpPort: 9001 },
      {
        declared: (["a", "b", "c"] as const).map((k, i) => ({
          identity: { identifier: ids[k], nick: ["alpha", "bravo", "charlie"][i]!, host: ids[k].split(":")[0]!, httpPort: 9001, stereotypes: [] },
          address: ids[k].split(":")[0]!,
        })),
      },
    ),
    0,
  );
  const instances = new Map<string, InstanceRecord>(base.instances);
  for (const [id, state] of Object.entries(states)) instances.set(id, { ...instances.get(id)!, state });
  return { ...base, fsm, master, instances };
}

describe("cluster", () => {
  test("FSM one-hot, the Master among known instances, instance states and loads", () => {
    const state = clusterState("OPERATION", ids.b, { [ids.a]: "RUNNING", [ids.b]: "RUNNING", [ids.c]: "ISOLATED" });
    const loads: Record<string, number> = { [ids.a]: 30, [ids.b]: 55 };
    const f = instanceFamilies(state, (id) => loads[id] ?? 0);
    expect(valueOf(f, "flotilla_cluster_state", { state: "OPERATION" })).toBe(1);
    expect(samplesOf(f, "flotilla_cluster_state")).toBe(9);
    expect(valueOf(f, "flotilla_cluster_state", { state: "ELECTION" })).toBe(0);
    expect(valueOf(f, "flotilla_cluster_master", { identifier: ids.b, nick: "bravo" })).toBe(1);
    expect(valueOf(f, "flotilla_cluster_master", { identifier: ids.a, nick: "alpha" })).toBe(0);
    expect(valueOf(f, "flotilla_instance_state", { identifier: ids.c, nick: "charlie", state: "ISOLATED" })).toBe(1);
    expect(valueOf(f, "flotilla_instance_state", { identifier: ids.c, nick: "charlie", state: "RUNNING" })).toBe(0);
    expect(samplesOf(f, "flotilla_instance_state")).toBe(3 * 6);
    expect(valueOf(f, "flotilla_instance_load_percent", { identifier: ids.b, nick: "bravo" })).toBe(55);
    expect(valueOf(f, "flotilla_instance_load_percent", { identifier: ids.c, nick: "charlie" })).toBe(0);
  });

  test("the failure detector: suspected peers and the local health score", () => {
    const base = clusterState("OPERATION", ids.a, { [ids.a]: "RUNNING", [ids.b]: "RUNNING", [ids.c]: "RUNNING" });
    const instances = new Map(base.instances);
    const b = instances.get(ids.b)!;
    instances.set(ids.b, { ...b, liveness: { ...b.liveness, suspicion: { since: 1, round: 1, asked: [], confirmedBy: [], hearingIt: [] } } });
    const f = instanceFamilies({ ...base, instances, health: { ...base.health, score: 3 } }, () => 0);
    expect(valueOf(f, "flotilla_instance_suspected", { identifier: ids.b, nick: "bravo" })).toBe(1);
    expect(valueOf(f, "flotilla_instance_suspected", { identifier: ids.c, nick: "charlie" })).toBe(0);
    expect(samplesOf(f, "flotilla_instance_suspected")).toBe(2); // not the local instance
    expect(valueOf(f, "flotilla_local_health_score", {})).toBe(3);
  });

  test("no Master yet: every instance 0", () => {
    const f = instanceFamilies(clusterState("SYNCHRONIZATION", "", {}), () => 0);
    const master = f.find((x) => x.name === "flotilla_cluster_master")!;
    expect(master.samples.map((s) => ("value" in s ? s.value : -1))).toEqual([0, 0, 0]);
    expect(valueOf(f, "flotilla_instance_state", { identifier: ids.b, nick: "bravo", state: "STOPPED" })).toBe(1);
  });

  const links: LinkStats = {
    peers: [
      { identifier: ids.b, up: true, reconnections: 2, framesSent: 120, framesReceived: 118, framesRejected: 1, lastFrameAgeSeconds: 0.25 },
      { identifier: "10.9.9.9:9001", up: false, reconnections: 0, framesSent: 0, framesReceived: 0, framesRejected: 0, lastFrameAgeSeconds: null },
    ],
    rejectedFromUnknown: 4,
  };

  test("peer links: up, reconnections, frames, last-frame age only once a frame came", () => {
    const f = linkFamilies(links, (id) => (id === ids.b ? "bravo" : id));
    const b = { identifier: ids.b, nick: "bravo" };
    expect(valueOf(f, "flotilla_peer_link_up", b)).toBe(1);
    expect(valueOf(f, "flotilla_peer_link_reconnections_total", b)).toBe(2);
    expect(valueOf(f, "flotilla_peer_frames_sent_total", b)).toBe(120);
    expect(valueOf(f, "flotilla_peer_frames_received_total", b)).toBe(118);
    expect(valueOf(f, "flotilla_peer_frames_rejected_total", b)).toBe(1);
    expect(valueOf(f, "flotilla_peer_last_frame_age_seconds", b)).toBe(0.25);
    const stranger = { identifier: "10.9.9.9:9001", nick: "10.9.9.9:9001" };
    expect(valueOf(f, "flotilla_peer_link_up", stranger)).toBe(0);
    expect(valueOf(f, "flotilla_peer_last_frame_age_seconds", stranger)).toBeUndefined();
    expect(valueOf(f, "flotilla_peer_unknown_frames_rejected_total", {})).toBe(4);
  });

  test("clusterFamilies reads the source once per scrape and names peers by their nick", () => {
    let reads = 0;
    const state = clusterState("OPERATION", ids.a, { [ids.a]: "RUNNING", [ids.b]: "RUNNING" });
    const f = clusterFamilies({
      state: () => {
        reads += 1;
        return state;
      },
      loadOf: () => 0,
      links: () => links,
    });
    expect(reads).toBe(1);
    expect(valueOf(f, "flotilla_peer_link_up", { identifier: ids.b, nick: "bravo" })).toBe(1);
    expect(valueOf(f, "flotilla_cluster_master", { identifier: ids.a, nick: "alpha" })).toBe(1);
  });

  test("peers the cluster does not know get no series: their identifiers are whatever a hello claimed", () => {
    // Without a peer key, any client reaching the peer port can say hello under a new identifier
    // each time, and the transport keeps a record for each: labelled by them, the peer families
    // would grow without bound. Only the cluster's instances are labels.
    const strangers = Array.from({ length: 50 }, (_, i) => ({
      identifier: `10.66.0.${i}:${9000 + i}`, up: true, reconnections: 0, framesSent: 0, framesReceived: 0, framesRejected: 0, lastFrameAgeSeconds: null,
    }));
    const state = clusterState("OPERATION", ids.a, { [ids.a]: "RUNNING", [ids.b]: "RUNNING" });
    const f = clusterFamilies({ state: () => state, loadOf: () => 0, links: () => ({ peers: [...links.peers, ...strangers], rejectedFromUnknown: 4 }) });
    const text = writeTextFormat(f);
    expect(text).not.toContain("10.66.0.");
    expect(text).not.toContain("10.9.9.9:9001");
    for (const name of ["flotilla_peer_link_up", "flotilla_peer_link_reconnections_total", "flotilla_peer_frames_sent_total", "flotilla_peer_frames_received_total", "flotilla_peer_frames_rejected_total"]) {
      expect({ name, samples: samplesOf(f, name) }).toEqual({ name, samples: 1 });
    }
    expect(valueOf(f, "flotilla_peer_frames_rejected_total", { identifier: ids.b, nick: "bravo" })).toBe(1);
    expect(valueOf(f, "flotilla_peer_unknown_frames_rejected_total", {})).toBe(4);
  });
});
