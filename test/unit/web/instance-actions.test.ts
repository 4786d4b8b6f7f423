// Every action of the Supervisor page routed to the right XML-RPC call with the right parameters,
// its message (plain link: redirect; htmx: message box and regions in place), DISABLED wording,
// auto refresh (wait=false), multicall restarts and failures.

import { afterEach, expect, test } from "bun:test";
import type { XmlRpcValue } from "../../../src/api/xmlrpc/value.ts";
import { ctime } from "../../../src/web/py-text.ts";
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
  // Supervisor's own status page words, with the time of the stop.
  ["stopall", "", "supervisor.stopAllProcesses", [true], "info", `All stopped at ${ctime(Date.UTC(2024, 0, 2, 10, 20, 30) / 1000)}`],
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
  expect(body).toContain("Process web:back: spawn error");
  expect(body).toContain(`class="message erro"`);
  deps.rpcAnswers["system.multicall"] = () => [true, { faultCode: 103, faultString: "DISABLED: web:back" }];
  expect(await (await post(d, "/proc_instance.html", { action: "restart", namespec: "web:back" })).text()).toContain("Process web:back: disabled");
});

/** The message and gravity a plain action link is redirected with. */
async function outcome(d: ReturnType<typeof setup>["d"], query: string): Promise<[string | null, string | null]> {
  const res = await get(d, `/proc_instance.html?${query}`);
  const location = new URL(res.headers.get("location")!, "http://x/");
  return [location.searchParams.get("message"), location.searchParams.get("gravity")];
}

test("process faults in the words of Supervisor's status page; DISABLED in Supvisors' (UI-44)", async () => {
  const { deps, d } = setup();
  deps.rpcAnswers["supervisor.startProcess"] = fault("DISABLED", "web:back");
  expect(await outcome(d, "action=start&namespec=web%3Aback")).toEqual(["Process web:back: disabled", "erro"]);
  const starts: [Parameters<typeof fault>[0], string][] = [
    ["NO_FILE", "no such file"],
    ["NOT_EXECUTABLE", "file not executable"],
    ["ALREADY_STARTED", "already started"],
    ["SPAWN_ERROR", "spawn error"],
    ["ABNORMAL_TERMINATION", "abnormal termination"],
    ["FAILED", "unexpected rpc fault [30] FAILED: boom"],
  ];
  for (const [name, words] of starts) {
    deps.rpcAnswers["supervisor.startProcess"] = fault(name, name === "FAILED" ? "boom" : "web:back");
    expect(await outcome(d, "action=start&namespec=web%3Aback")).toEqual([`Process web:back: ${words}`, "erro"]);
  }
  deps.rpcAnswers["supervisor.startProcess"] = fault("BAD_NAME", "web:nope");
  expect(await outcome(d, "action=start&namespec=web%3Anope")).toEqual(["No such process named web:nope", "erro"]);
  // A stop or a log clearing that fails: Supervisor's page shows the fault itself, amber.
  deps.rpcAnswers["supervisor.stopProcess"] = fault("NOT_RUNNING", "web:back");
  expect(await outcome(d, "action=stop&namespec=web%3Aback")).toEqual(["unexpected rpc fault [70] NOT_RUNNING: web:back", "warn"]);
  deps.rpcAnswers["supervisor.clearProcessLogs"] = fault("FAILED", "web:front");
  expect(await outcome(d, "action=clearlog&namespec=web%3Afront")).toEqual(["unexpected rpc fault [30] FAILED: web:front", "warn"]);
  deps.rpcAnswers["supervisor.stopAllProcesses"] = fault("FAILED", "busy");
  expect(await outcome(d, "action=stopall")).toEqual(["unexpected rpc fault [30] FAILED: busy", "warn"]);
  // Group and supervisord actions are Supvisors' own: `<rpc>: <fault text>`.
  deps.rpcAnswers["supervisor.stopProcess"] = fault("NOT_RUNNING", "web:");
  expect(await outcome(d, "action=stopgroup&namespec=web%3A")).toEqual(["stopProcess: NOT_RUNNING: web:", "erro"]);
  deps.rpcAnswers["supervisor.shutdown"] = fault("SHUTDOWN_STATE");
  expect(await outcome(d, "action=shutdownsup")).toEqual(["shutdown: SHUTDOWN_STATE", "erro"]);
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
