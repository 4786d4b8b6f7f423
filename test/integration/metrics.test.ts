// GET /metrics of the compiled binary, read with Prometheus' official Python parser
// (python3-prometheus-client): on a two-instance cluster with a running process — process state,
// pid, restarts, CPU and memory, the FSM, the Master and the instance states as both instances
// see them, the peer links, and the request counters moved by known XML-RPC calls and a dashboard
// page; on a plain daemon — Basic auth, no cluster series, no statistics series. Skipped, with the
// reason, where the parser is missing.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startCluster, type Cluster, type ClusterNode } from "./cluster-fixture.ts";
import { cleanup, freePort, startDaemon, tempDir, waitFor, writeConfig, type DaemonHandle } from "./harness.ts";
import { XmlRpcTestClient } from "./rpc-client.ts";
import { parserMissing, parseWithPython, type ParsedFamily } from "../unit/metrics/python-parser.ts";

const missing = parserMissing();
if (missing) console.warn(`metrics: skipped — ${missing}`);

// shop:api weighs 25 % and runs on alpha only: the Master starts it in DISTRIBUTION.
const RULES = `<?xml version="1.0" encoding="UTF-8"?>
<root>
  <application name="shop">
    <start_sequence>1</start_sequence>
    <programs>
      <program name="api"><start_sequence>1</start_sequence><expected_loading>25</expected_loading><identifiers>alpha</identifiers></program>
    </programs>
  </application>
</root>
`;

/** One scrape, parsed: the value of a sample by name and labels (all given labels must match). */
class Scrape {
  constructor(readonly families: ParsedFamily[]) {}

  values(name: string, labels: Record<string, string> = {}): number[] {
    return this.families
      .flatMap((f) => f.samples)
      .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
      .map((s) => Number(s.value));
  }

  /** The single value matching; fails the test when there is not exactly one. */
  value(name: string, labels: Record<string, string> = {}): number {
    const found = this.values(name, labels);
    if (found.length !== 1) throw new Error(`${found.length} samples of ${name} ${JSON.stringify(labels)}`);
    return found[0]!;
  }

  type(family: string): string | undefined {
    return this.families.find((f) => f.name === family)?.type;
  }
}

async function scrape(url: string, headers: Record<string, string> = {}): Promise<Scrape> {
  const res = await fetch(`${url}/metrics`, { headers });
  if (res.status !== 200) throw new Error(`GET /metrics: HTTP ${res.status}`);
  expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
  return new Scrape(parseWithPython(await res.text()));
}

describe.skipIf(missing !== null)("/metrics on a two-instance cluster", () => {
  let cluster: Cluster;
  let alpha: ClusterNode;
  let beta: ClusterNode;

  beforeAll(async () => {
    cluster = await startCluster({
      name: "metrics",
      nicks: ["alpha", "beta"],
      rules: RULES,
      programs: () => `
[program:sleeper]
command=sleep 1000
startsecs=0

[group:shop]
programs=api

[program:api]
command=sleep 1000
autostart=false
startsecs=0
`,
      supvisors: "stats_collecting_period = 1\nstats_periods = 1",
    });
    await cluster.operation();
    alpha = cluster.node("alpha");
    beta = cluster.node("beta");
  }, 60_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  test("the running process: state RUNNING, its pid, an uptime, CPU and memory once sampled", async () => {
    const info = (await alpha.rpc.call("supervisor.getProcessInfo", "sleeper")) as { pid: number; statename: string };
    expect(info.statename).toBe("RUNNING");
    const labels = { group: "sleeper", name: "sleeper" };
    // Statistics close their first window one collecting period after the first sample.
    const s = await waitFor("process statistics in the scrape", async () => {
      const got = await scrape(alpha.daemon.url);
      return got.values("flotilla_process_memory_bytes", labels).length === 1 ? got : null;
    });
    expect(s.value("flotilla_process_state", { ...labels, state: "RUNNING" })).toBe(1);
    expect(s.values("flotilla_process_state", labels).reduce((a, b) => a + b, 0)).toBe(1);
    expect(s.value("flotilla_process_pid", labels)).toBe(info.pid);
    expect(s.value("flotilla_process_uptime_seconds", labels)).toBeGreaterThan(0);
    expect(s.value("flotilla_process_restarts_total", labels)).toBe(0);
    expect(s.value("flotilla_process_memory_bytes", labels)).toBeGreaterThan(0);
    expect(s.value("flotilla_process_cpu_ratio", labels)).toBeGreaterThanOrEqual(0);
    expect(s.value("flotilla_supervisor_state", { state: "RUNNING" })).toBe(1);
    expect(s.type("flotilla_process_restarts")).toBe("counter");
    expect(s.type("flotilla_process_state")).toBe("gauge");
  });

  test("a stop and a start count one restart", async () => {
    await alpha.rpc.call("supervisor.stopProcess", "sleeper", true);
    await alpha.rpc.call("supervisor.startProcess", "sleeper", true);
    const s = await scrape(alpha.daemon.url);
    expect(s.value("flotilla_process_restarts_total", { group: "sleeper", name: "sleeper" })).toBe(1);
    expect(s.value("flotilla_process_state", { group: "sleeper", name: "sleeper", state: "RUNNING" })).toBe(1);
  });

  test("both instances report OPERATION, the same Master, every instance RUNNING, and the loads", async () => {
    const master = (await alpha.rpc.call("supvisors.get_master_identifier")) as { identifier: string };
    await waitFor("shop:api RUNNING on alpha", async () => ((await alpha.rpc.call("supervisor.getProcessInfo", "shop:api")) as { statename: string }).statename === "RUNNING");
    const load = { [alpha.identifier]: 25, [beta.identifier]: 0 };
    for (const node of [alpha, beta]) {
      // Each instance learns of the other's processes through its ticks: wait for the load to show.
      const s = await waitFor(`alpha's load seen by ${node.nick}`, async () => {
        const got = await scrape(node.daemon.url);
        return got.value("flotilla_instance_load_percent", { identifier: alpha.identifier }) === 25 ? got : null;
      });
      expect(s.value("flotilla_cluster_state", { state: "OPERATION" })).toBe(1);
      expect(s.values("flotilla_cluster_state").reduce((a, b) => a + b, 0)).toBe(1);
      expect(s.value("flotilla_cluster_master", { identifier: master.identifier })).toBe(1);
      expect(s.values("flotilla_cluster_master").reduce((a, b) => a + b, 0)).toBe(1);
      for (const other of [alpha, beta]) {
        expect(s.value("flotilla_instance_state", { identifier: other.identifier, nick: other.nick, state: "RUNNING" })).toBe(1);
        expect(s.value("flotilla_instance_load_percent", { identifier: other.identifier, nick: other.nick })).toBe(load[other.identifier]!);
      }
    }
  });

  test("the peer link is up and carries frames both ways", async () => {
    const s = await scrape(alpha.daemon.url);
    const peer = { identifier: beta.identifier, nick: "beta" };
    expect(s.value("flotilla_peer_link_up", peer)).toBe(1);
    expect(s.value("flotilla_peer_frames_received_total", peer)).toBeGreaterThan(0);
    expect(s.value("flotilla_peer_frames_sent_total", peer)).toBeGreaterThan(0);
    expect(s.value("flotilla_peer_frames_rejected_total", peer)).toBe(0);
    // Ticks every 0.2 s: the last frame is recent.
    expect(s.value("flotilla_peer_last_frame_age_seconds", peer)).toBeLessThan(5);
    expect(s.value("flotilla_peer_unknown_frames_rejected_total")).toBe(0);
  });

  test("request counters move by known XML-RPC calls, faults included, with latency histograms", async () => {
    const before = await scrape(beta.daemon.url);
    const ok = { api: "xmlrpc", route: "supervisor.getIdentification", outcome: "ok" };
    const fault = { api: "xmlrpc", route: "supervisor.startProcess", outcome: "fault" };
    const count = (s: Scrape, labels: Record<string, string>) => s.values("flotilla_requests_total", labels).reduce((a, b) => a + b, 0);
    for (let i = 0; i < 3; i += 1) await beta.rpc.call("supervisor.getIdentification");
    await expect(beta.rpc.call("supervisor.startProcess", "no_such_process")).rejects.toThrow();
    const after = await scrape(beta.daemon.url);
    expect(count(after, ok) - count(before, ok)).toBe(3);
    expect(count(after, fault) - count(before, fault)).toBe(1);
    const route = { api: "xmlrpc", route: "supervisor.getIdentification" };
    expect(after.type("flotilla_request_duration_seconds")).toBe("histogram");
    expect(after.value("flotilla_request_duration_seconds_count", route)).toBe(count(after, ok));
    expect(after.value("flotilla_request_duration_seconds_bucket", { ...route, le: "+Inf" })).toBe(count(after, ok));
    expect(after.value("flotilla_request_duration_seconds_sum", route)).toBeGreaterThan(0);
  });

  test("a dashboard page is counted as a web page with its status", async () => {
    const labels = { api: "web", route: "page", outcome: "200" };
    const before = (await scrape(alpha.daemon.url)).values("flotilla_requests_total", labels).reduce((a, b) => a + b, 0);
    const page = await fetch(`${alpha.daemon.url}/index.html`);
    expect(page.status).toBe(200);
    await page.text();
    const after = await scrape(alpha.daemon.url);
    expect(after.value("flotilla_requests_total", labels)).toBe(before + 1);
  });

  test("HEAD answers the headers only; other methods get 405", async () => {
    const head = await fetch(`${alpha.daemon.url}/metrics`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(await head.text()).toBe("");
    const post = await fetch(`${alpha.daemon.url}/metrics`, { method: "POST", body: "x" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
  });
});

describe.skipIf(missing !== null)("/metrics on a plain daemon", () => {
  let daemon: DaemonHandle;
  const auth = { username: "scraper", password: "s3cret" };
  const authorization = `Basic ${btoa(`${auth.username}:${auth.password}`)}`;

  beforeAll(async () => {
    const dir = tempDir("metrics-plain");
    const port = await freePort();
    const conf = writeConfig({ dir, port, auth, body: "[program:solo]\ncommand=sleep 1000\nstartsecs=0\n" });
    daemon = await startDaemon("flotilla", conf, dir, port);
    const rpc = new XmlRpcTestClient(daemon.url, auth);
    await waitFor("solo RUNNING", async () => ((await rpc.call("supervisor.getProcessInfo", "solo")) as { statename: string }).statename === "RUNNING");
  }, 30_000);

  afterAll(async () => {
    await cleanup();
  });

  test("Basic auth applies: 401 without credentials", async () => {
    const res = await fetch(`${daemon.url}/metrics`);
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe('Basic realm="default"');
  });

  test("process series, and neither cluster nor statistics series", async () => {
    const s = await scrape(daemon.url, { Authorization: authorization });
    expect(s.value("flotilla_process_state", { group: "solo", name: "solo", state: "RUNNING" })).toBe(1);
    expect(s.values("flotilla_build_info")).toEqual([1]);
    const names = s.families.map((f) => f.name);
    expect(names.filter((n) => /^flotilla_(cluster|instance|peer)_/.test(n))).toEqual([]);
    expect(names).not.toContain("flotilla_process_cpu_ratio");
    expect(names).not.toContain("flotilla_process_memory_bytes");
    // The scrape itself is no XML-RPC request; the wait above was.
    expect(s.value("flotilla_requests_total", { api: "xmlrpc", route: "supervisor.getProcessInfo", outcome: "ok" })).toBeGreaterThan(0);
  });
});
