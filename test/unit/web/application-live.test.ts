// The browser test, server side: start an application from its page and see its processes
// turn RUNNING without reload — the page's event stream pushes the process table and the status
// card when the processes change, and only the regions a change altered.

import { expect, test } from "bun:test";
import { FakeDeps, proc } from "./fake-deps.ts";
import { connect, dashboard, get } from "./application-helpers.ts";

test("start an application from its page and see its processes turn RUNNING without reload", async () => {
  const deps = new FakeDeps({
    nicks: ["alpha", "beta"],
    rules: `<application name="web"/>`,
    processes: { alpha: [proc("web", "front", "STOPPED"), proc("web", "back", "STOPPED")] },
  });
  const d = dashboard(deps);
  const body = await (await get(d, "/application.html?appname=web&strategy=CONFIG")).text();
  const events = body.match(/sse-connect="([^"]+)"/)![1]!.replace(/&amp;/g, "&");
  expect(events).toBe("/events/application?appname=web&strategy=CONFIG&period=10");
  const stream = await connect(d, events);
  await stream.waitFor("initial regions", (t) => t.includes("event: app-processes") && t.includes("event: state"));
  expect(stream.last("state")).toContain('class="STOPPED">STOPPED<');
  // The start request answers; the engine then starts the processes, one event at a time.
  await d.handle(new Request("http://10.0.0.1:60000/application.html?appname=web&strategy=CONFIG&auto=true&action=startapp"));
  expect(deps.controlRequests).toEqual([{ kind: "startApplication", strategy: "CONFIG", application: "web", wait: false }]);
  stream.reset();
  deps.setProcess(0, proc("web", "front", "RUNNING", { description: "pid 7, uptime 0:00:01" }));
  await stream.waitFor("front RUNNING", (t) => t.includes("pid 7, uptime 0:00:01 on alpha"));
  deps.setProcess(0, proc("web", "back", "RUNNING", { description: "pid 8, uptime 0:00:01" }));
  await stream.waitFor("back RUNNING and the application RUNNING", (t) => t.includes("pid 8, uptime 0:00:01 on alpha") && stream.last("state").includes('class="RUNNING">RUNNING<'));
  expect(stream.last("app-processes").match(/<span class="">RUNNING<\/span>/g)?.length).toBe(2);
  // A change elsewhere (a crash in another application) pushes the menu only, not the table.
  stream.reset();
  deps.setProcess(1, proc("db", "db", "FATAL"));
  await stream.waitFor("the instances menu", (t) => t.includes("event: instances"));
  expect(stream.text()).not.toContain("event: app-processes");
  expect(stream.text()).not.toContain("event: state");
  await stream.cancel();
});

test("each view has its own stream: another strategy or expansion renders its own rows", async () => {
  const deps = new FakeDeps({ nicks: ["alpha"], rules: `<application name="web"/>`, processes: { alpha: [proc("web", "front")] } });
  const d = dashboard(deps);
  const shrunk = await connect(d, "/events/application?appname=web");
  const expanded = await connect(d, "/events/application?appname=web&pshex=01");
  await shrunk.waitFor("shrunk table", (t) => t.includes("event: app-processes"));
  await expanded.waitFor("expanded table", (t) => t.includes("event: app-processes"));
  expect(shrunk.last("app-processes")).not.toContain('<tr class="instance');
  expect(expanded.last("app-processes")).toContain('<tr class="instance');
  await shrunk.cancel();
  await expanded.cancel();
});
