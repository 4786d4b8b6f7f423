// The Supervisor page's event stream: every region at connection, then only the regions a change
// altered, no change listener left once the page is closed, and renderings (which await the
// daemon) delivered in the order they were made.

import { afterEach, expect, test } from "bun:test";
import { InstanceLive } from "../../../src/web/instance/index.ts";
import { closeAll, dashboard, get, instanceDeps, readStream, waitFor, type LocalSpec } from "./instance-helpers.ts";

afterEach(closeAll);

test("process rows follow process changes through SSE", async () => {
  const processes: LocalSpec[] = [{ group: "web", name: "front" }];
  const deps = instanceDeps(processes);
  const d = dashboard(deps);
  const listenersBefore = deps.listeners.size;
  const res = await get(d, "/proc_instance.events?period=10");
  expect(res.headers.get("content-type")).toContain("text/event-stream");
  const stream = readStream(res);
  await waitFor(() => stream.text().includes("event: processes"), 3000, "first push");
  const first = stream.text();
  for (const region of ["logo", "instances", "applications", "instance-status", "processes", "process-stats"]) expect(first).toContain(`event: ${region}\n`);
  expect(first).toContain("RUNNING");
  expect(deps.listeners.size).toBe(listenersBefore + 1);

  processes[0] = { group: "web", name: "front", state: "STOPPED" };
  deps.emit();
  await waitFor(() => stream.text().length > first.length && stream.text().slice(first.length).includes("event: processes"), 3000, "second push");
  const second = stream.text().slice(first.length);
  expect(second).toContain(`state STOPPED`);
  // Only what changed: the header status is the same.
  expect(second).not.toContain("event: instance-status");
  await stream.cancel();
  await waitFor(() => deps.listeners.size === listenersBefore, 3000, "unsubscribe");
});

test("header status follows the local jobs", async () => {
  const deps = instanceDeps([]);
  const d = dashboard(deps);
  const stream = readStream(await get(d, "/proc_instance.events"));
  await waitFor(() => stream.text().includes("event: instance-status"), 3000, "first push");
  const first = stream.text();
  deps.state.control = { ...deps.state.control, startingJobs: true };
  deps.emit();
  await waitFor(() => stream.text().slice(first.length).includes("event: instance-status"), 3000, "status push");
  expect(stream.text().slice(first.length)).toContain("mode blink\">starting");
  await stream.cancel();
});

test("a slow rendering never lands after a newer one: the page ends on the latest state", async () => {
  // Renderings answer in turn; the second one (a new page's first push) waits for the test.
  let release: (() => void) | null = null;
  let calls = 0;
  const render = () => {
    calls += 1;
    const regions = new Map([["processes", `v${calls}`]]);
    if (calls === 2) return new Promise<Map<string, string>>((resolve) => (release = () => resolve(regions)));
    return Promise.resolve(regions);
  };
  const live = new InstanceLive({ onChange: () => () => undefined, intervalMs: 0 });
  try {
    const first = readStream(new Response(live.connect("view", render)));
    await waitFor(() => first.text().includes("data: v1"), 3000, "first page");
    // A change is due (the hub's 0 ms timer), then a second page opens before it is pushed.
    live.notify();
    const second = readStream(new Response(live.connect("view", render)));
    await waitFor(() => release !== null, 3000, "the second page's rendering");
    // A 0 ms timer made after the hub's one runs after it: the change's push has had its turn
    // (an ordering point, not a wait for time).
    await new Promise((resolve) => setTimeout(resolve, 0));
    release!();
    await waitFor(() => calls === 3 && second.text().includes("data: v3"), 3000, "the change's rendering");
    // The older rendering (v2) was sent before the newer one, never after it.
    expect(second.text().match(/data: v\d/g)).toEqual(["data: v2", "data: v3"]);
    await first.cancel();
    await second.cancel();
  } finally {
    live.close();
  }
});

test("the throttle holds: a change right after a push waits out the interval", async () => {
  let version = 0;
  let notify = () => undefined as void;
  const live = new InstanceLive({
    onChange: (listener) => {
      notify = listener;
      return () => undefined;
    },
    intervalMs: 100,
  });
  try {
    const stream = readStream(new Response(live.connect("view", async () => new Map([["processes", `v${version}`]]))));
    await waitFor(() => stream.text().includes("data: v0"), 3000, "first page");
    version = 1;
    // The first push comes no earlier than this change, and the second one an interval after
    // the first: so at least an interval after this. Measured from when the first push was seen
    // instead, a loaded machine that showed it late made the gap look shorter than it was.
    const firstChange = Date.now();
    notify();
    await waitFor(() => stream.text().includes("data: v1"), 3000, "first change");
    version = 2;
    notify();
    await waitFor(() => stream.text().includes("data: v2"), 3000, "second change");
    // Without the throttle the second push follows the first one at once (a few ms when quiet).
    // 1 ms less than the interval: a timer may fire within the millisecond before its due time.
    expect(Date.now() - firstChange).toBeGreaterThanOrEqual(99);
    await stream.cancel();
  } finally {
    live.close();
  }
});

test("close() ends the open streams and stops listening", async () => {
  let listening = 0;
  const live = new InstanceLive({
    onChange: () => {
      listening += 1;
      return () => (listening -= 1);
    },
  });
  const stream = readStream(new Response(live.connect("view", async () => new Map([["processes", "x"]]))));
  await waitFor(() => stream.text().includes("event: processes"), 3000, "first push");
  expect(listening).toBe(1);
  live.close();
  await waitFor(() => stream.ended(), 3000, "end of stream");
  expect(listening).toBe(0);
});
