// GET/HEAD /metrics, 405 for other methods, null for other paths; createMetrics end to end over
// a hand-made supervisor, with and without a cluster source.

import { describe, expect, test } from "bun:test";
import { createMetrics } from "../../../src/api/metrics/index.ts";
import { metricsResponse } from "../../../src/api/metrics/handler.ts";
import { clusterOptions, initialState } from "../../../src/cluster/index.ts";
import { SupervisorStates } from "../../../src/process/states.ts";

const url = "http://127.0.0.1:9001";

describe("metricsResponse", () => {
  test("GET: 200 with the format's Content-Type, a length and no caching", async () => {
    const res = metricsResponse(new Request(`${url}/metrics`), () => "flotilla_x 1\n")!;
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(res.headers.get("content-length")).toBe("13");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.text()).toBe("flotilla_x 1\n");
  });

  test("a query string does not change the path", () => {
    expect(metricsResponse(new Request(`${url}/metrics?name[]=x`), () => "")!.status).toBe(200);
  });

  test("HEAD: the same headers, no body", async () => {
    const res = metricsResponse(new Request(`${url}/metrics`, { method: "HEAD" }), () => "é\n")!;
    expect(res.status).toBe(200);
    expect(res.headers.get("content-length")).toBe("3");
    expect(await res.text()).toBe("");
  });

  test.each(["POST", "PUT", "DELETE", "PATCH", "OPTIONS"])("%s: 405 naming the allowed methods, nothing rendered", (method) => {
    let rendered = false;
    const res = metricsResponse(new Request(`${url}/metrics`, { method }), () => {
      rendered = true;
      return "";
    })!;
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD");
    expect(rendered).toBe(false);
  });

  test.each(["/", "/metrics/", "/metricsx", "/index.html", "/RPC2"])("%s is not ours (null)", (path) => {
    expect(metricsResponse(new Request(`${url}${path}`), () => "")).toBeNull();
  });
});

const sup = { state: SupervisorStates.RUNNING, clock: { now: () => 0 }, entries: () => [], onTransition: () => () => undefined };

describe("createMetrics", () => {
  test("a plain daemon: local and request families, no cluster family", async () => {
    const metrics = createMetrics({ sup, version: "7.0.0" });
    metrics.observeRequest("rest", "/api/processes", 0.01, "200");
    const res = await metrics.handle(new Request(`${url}/metrics`));
    const text = await res!.text();
    expect(text).toContain('flotilla_build_info{version="7.0.0"} 1\n');
    expect(text).toContain('flotilla_requests_total{api="rest",route="/api/processes",outcome="200"} 1\n');
    expect(text).not.toContain("flotilla_cluster_");
    expect(text).not.toContain("flotilla_instance_");
    expect(text).not.toContain("flotilla_peer_");
    expect(await metrics.handle(new Request(`${url}/other`))).toBeNull();
  });

  test("with a cluster source: FSM, instances and links are in the same text", () => {
    const state = initialState(clusterOptions({ identifier: "h:1", nick: "solo", host: "h", httpPort: 1 }), 0);
    const metrics = createMetrics({
      sup,
      cluster: { state: () => state, loadOf: () => 12, links: () => ({ peers: [], rejectedFromUnknown: 0 }) },
    });
    const text = metrics.render();
    expect(text).toContain('flotilla_cluster_state{state="OFF"} 1\n');
    expect(text).toContain('flotilla_instance_state{identifier="h:1",nick="solo",state="STOPPED"} 1\n');
    expect(text).toContain('flotilla_instance_load_percent{identifier="h:1",nick="solo"} 12\n');
    expect(text).toContain("flotilla_peer_unknown_frames_rejected_total 0\n");
  });
});
