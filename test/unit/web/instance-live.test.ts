// The Supervisor page's event stream: every region at connection, then only the regions a change
// altered, and no change listener left once the page is closed.

import { afterEach, expect, test } from "bun:test";
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
