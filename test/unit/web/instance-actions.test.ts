// Every action of the Supervisor page routed to the right XML-RPC call with the right parameters,
// its message (plain link: redirect; htmx: message box and regions in place), DISABLED wording,
// auto refresh (wait=false), multicall restarts and failures.

import { afterEach, expect, test } from "bun:test";
import type { XmlRpcValue } from "../../../src/api/xmlrpc/value.ts";
import { closeAll, dashboard, fault, get, instanceDeps, post } from "./instance-helpers.ts";

afterEach(closeAll);

const processes = [
  { group: "web", name: "front" },
  { group: "web", name: "back", state: "STOPPED" as const },
];

function setup() {
  const deps = instanceDeps(processes);
  for (const m of ["supervisor.startProcess", "supervisor.stopProcess", "supervisor.clearProcessLogs", "supervisor.stopAllProcesses", "supervisor.restart", "supervisor.shutdown", "supervisor.clearLog"]) {
    deps.rpcAnswers[m] = () => true;
  }
  deps.rpcAnswers["system.multicall"] = () => [true, true];
  return { deps, d: dashboard(deps) };
}

/** The calls that are not the page's own reads. */
function actionCalls(deps: ReturnType<typeof setup>["deps"]): { method: string; params: XmlRpcValue[] }[] {
  const reads = ["supervisor.getAllProcessInfo", "supvisors.get_all_local_process_info", "supervisor.getPID"];
  return deps.rpcCalls.filter((c) => !reads.includes(c.method));
}

const table: [string, string, string, XmlRpcValue[], string, string][] = [
  ["start", "web:back", "supervisor.startProcess", ["web:back", true], "info", "Process web:back started"],
  ["stop", "web:front", "supervisor.stopProcess", ["web:front", true], "info", "Process web:front stopped"],
  ["clearlog", "web:front", "supervisor.clearProcessLogs", ["web:front"], "info", "Log for web:front cleared"],
  ["startgroup", "web:", "supervisor.startProcess", ["web:", true], "info", "Group web: started"],
  ["stopgroup", "web:", "supervisor.stopProcess", ["web:", true], "info", "Group web: stopped"],
  ["stopall", "", "supervisor.stopAllProcesses", [true], "info", "All processes stopped"],
  ["restartsup", "", "supervisor.restart", [], "warn", "Supervisor restart requested"],
  ["shutdownsup", "", "supervisor.shutdown", [], "warn", "Supervisor shutdown requested"],
  ["mainclearlog", "", "supervisor.clearLog", [], "info", "Log for Supervisor cleared"],
];

for (const [action, namespec, method, params, gravity, message] of table) {
  test(`link action=${action} calls ${method} and redirects with its message`, async () => {
    const { deps, d } = setup();
    const res = await get(d, `/proc_instance.html?action=${action}&namespec=${encodeURIComponent(namespec)}&period=10`);
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get("location")!, "http://x/");
    expect(location.pathname).toBe("/proc_instance.html");
    expect(location.searchParams.get("message")).toBe(message);
    expect(location.searchParams.get("gravity")).toBe(gravity);
    expect(location.searchParams.get("period")).toBe("10");
    expect(actionCalls(deps)).toEqual([{ method, params }]);
  });
}

for (const action of ["restart", "restartgroup"]) {
  test(`${action} is one system.multicall of stopProcess then startProcess`, async () => {
    const { deps, d } = setup();
    const namespec = action === "restart" ? "web:front" : "web:";
    const res = await post(d, "/proc_instance.html", { action, namespec });
    const body = await res.text();
    expect(actionCalls(deps)).toEqual([
      {
        method: "system.multicall",
        params: [
          [
            { methodName: "supervisor.stopProcess", params: [namespec] },
            { methodName: "supervisor.startProcess", params: [namespec] },
          ],
        ],
      },
    ]);
    expect(body).toContain(`${action === "restart" ? "Process" : "Group"} ${namespec} restarted`);
  });
}

test("restart of a stopped process: NOT_RUNNING on stop is not an error, a start fault is", async () => {
  const { deps, d } = setup();
  deps.rpcAnswers["system.multicall"] = () => [{ faultCode: 70, faultString: "NOT_RUNNING" }, true];
  expect(await (await post(d, "/proc_instance.html", { action: "restart", namespec: "web:back" })).text()).toContain("Process web:back restarted");
  deps.rpcAnswers["system.multicall"] = () => [true, { faultCode: 50, faultString: "SPAWN_ERROR: web:back" }];
  const body = await (await post(d, "/proc_instance.html", { action: "restart", namespec: "web:back" })).text();
  expect(body).toContain("startProcess: SPAWN_ERROR: web:back");
  expect(body).toContain(`class="message erro"`);
  deps.rpcAnswers["system.multicall"] = () => [true, { faultCode: 103, faultString: "DISABLED: web:back" }];
  expect(await (await post(d, "/proc_instance.html", { action: "restart", namespec: "web:back" })).text()).toContain("Process web:back: disabled");
});

test("a DISABLED fault reads `Process <ns>: disabled`; other faults `<rpc>: <fault>`", async () => {
  const { deps, d } = setup();
  deps.rpcAnswers["supervisor.startProcess"] = fault("DISABLED", "web:back");
  let res = await get(d, "/proc_instance.html?action=start&namespec=web%3Aback");
  let location = new URL(res.headers.get("location")!, "http://x/");
  expect(location.searchParams.get("message")).toBe("Process web:back: disabled");
  expect(location.searchParams.get("gravity")).toBe("erro");
  deps.rpcAnswers["supervisor.stopProcess"] = fault("NOT_RUNNING", "web:back");
  res = await get(d, "/proc_instance.html?action=stop&namespec=web%3Aback");
  location = new URL(res.headers.get("location")!, "http://x/");
  expect(location.searchParams.get("message")).toBe("stopProcess: NOT_RUNNING: web:back");
  deps.rpcAnswers["supervisor.shutdown"] = fault("SHUTDOWN_STATE");
  res = await get(d, "/proc_instance.html?action=shutdownsup");
  expect(new URL(res.headers.get("location")!, "http://x/").searchParams.get("message")).toBe("shutdown: SHUTDOWN_STATE");
});

test("auto refresh on: start / stop / stopall sent with wait=false, auto kept", async () => {
  const { deps, d } = setup();
  const res = await get(d, "/proc_instance.html?action=start&namespec=web%3Aback&auto=true");
  expect(new URL(res.headers.get("location")!, "http://x/").searchParams.get("auto")).toBe("true");
  await post(d, "/proc_instance.html", { action: "stop", namespec: "web:front", auto: "true" });
  await post(d, "/proc_instance.html", { action: "stopall", auto: "true" });
  expect(actionCalls(deps)).toEqual([
    { method: "supervisor.startProcess", params: ["web:back", false] },
    { method: "supervisor.stopProcess", params: ["web:front", false] },
    { method: "supervisor.stopAllProcesses", params: [false] },
  ]);
});

test("htmx post answers the message box and every live region out of band", async () => {
  const { d } = setup();
  const res = await post(d, "/proc_instance.html", { action: "stop", namespec: "web:front", period: "10" });
  expect(res.status).toBe(200);
  const body = await res.text();
  expect(body.startsWith(`<div id="message" class="message info"`)).toBe(true);
  expect(body).toContain("Process web:front stopped");
  for (const id of ["processes", "instance-status", "process-stats", "menu-instances", "menu-applications", "logo"]) {
    expect(body).toContain(`<div id="${id}" hx-swap-oob="innerHTML">`);
  }
});

test("a post without htmx redirects like a link", async () => {
  const { deps, d } = setup();
  const res = await post(d, "/proc_instance.html", { action: "clearlog", namespec: "web:front" }, false);
  expect(res.status).toBe(303);
  expect(actionCalls(deps)).toEqual([{ method: "supervisor.clearProcessLogs", params: ["web:front"] }]);
});

test("unknown action and missing namespec are errors, nothing sent", async () => {
  const { deps, d } = setup();
  let res = await get(d, "/proc_instance.html?action=explode");
  expect(new URL(res.headers.get("location")!, "http://x/").searchParams.get("message")).toBe("Unknown action: explode");
  res = await get(d, "/proc_instance.html?action=start");
  expect(new URL(res.headers.get("location")!, "http://x/").searchParams.get("message")).toBe("start: no namespec given");
  expect(actionCalls(deps)).toEqual([]);
});
