// Every action of the application page reaches the right request with the page's strategy and
// wait=!auto, as a plain link (303 back to the same view with Supvisors' message) and as an htmx
// POST (message box and live regions in place); failures give `<rpc>: <fault>`.

import { expect, test } from "bun:test";
import type { ControlRequest } from "../../../src/control/engine/index.ts";
import { RpcFault, Faults } from "../../../src/api/faults.ts";
import { FakeDeps, proc } from "./fake-deps.ts";
import { dashboard, htmx, link } from "./application-helpers.ts";

const fresh = () =>
  new FakeDeps({
    nicks: ["alpha", "beta"],
    rules: `<application name="web"><starting_strategy>LOCAL</starting_strategy></application>`,
    processes: { alpha: [proc("web", "front"), proc("web", "back", "STOPPED")], beta: [proc("web", "web", "STOPPED")] },
  });

const CASES: [string, string, ControlRequest, string][] = [
  ["startapp", "", { kind: "startApplication", strategy: "MOST_LOADED", application: "web", wait: true }, "Application web started"],
  ["stopapp", "", { kind: "stopApplication", application: "web", wait: true }, "Application web stopped"],
  ["restartapp", "", { kind: "restartApplication", strategy: "MOST_LOADED", application: "web", wait: true }, "Application web restarted"],
  ["start", "web:back", { kind: "startProcess", strategy: "MOST_LOADED", namespec: "web:back", extraArgs: "", wait: true }, "Process web:back started"],
  ["stop", "web:front", { kind: "stopProcess", namespec: "web:front", wait: true }, "Process web:front stopped"],
  ["restart", "web:front", { kind: "restartProcess", strategy: "MOST_LOADED", namespec: "web:front", extraArgs: "", wait: true }, "Process web:front restarted"],
  // A process named like its group is written `name` alone, as Supvisors does.
  ["start", "web", { kind: "startProcess", strategy: "MOST_LOADED", namespec: "web", extraArgs: "", wait: true }, "Process web started"],
];

for (const [action, namespec, request, message] of CASES) {
  test(`link action=${action} ${namespec} → ${request.kind} with the page's strategy, wait while not auto`, async () => {
    const deps = fresh();
    const d = dashboard(deps);
    const ns = namespec ? `&namespec=${encodeURIComponent(namespec)}` : "";
    const r = await link(d, `/application.html?appname=web&strategy=MOST_LOADED&pshex=02${ns}&action=${action}`);
    expect(r.status).toBe(303);
    expect(r.page).toBe("application.html");
    expect(r.query.get("message")).toBe(message);
    expect(r.query.get("gravity")).toBe("info");
    // Back to the same view, without the action.
    expect(r.query.get("strategy")).toBe("MOST_LOADED");
    expect(r.query.get("pshex")).toBe("02");
    expect(r.query.get("action")).toBeNull();
    expect(deps.controlRequests).toEqual([request]);
    // With auto refresh on, the request does not wait.
    const auto = fresh();
    await link(dashboard(auto), `/application.html?appname=web&strategy=MOST_LOADED&auto=true${ns}&action=${action}`);
    expect(auto.controlRequests).toEqual([{ ...request, wait: false } as ControlRequest]);
  });
}

test("the strategy defaults to the application's own in the request", async () => {
  const deps = fresh();
  await link(dashboard(deps), "/application.html?appname=web&action=startapp");
  expect(deps.controlRequests).toEqual([{ kind: "startApplication", strategy: "LOCAL", application: "web", wait: true }]);
});

test("a refused request: erro `<rpc>: <fault>: <detail>`", async () => {
  const deps = fresh();
  deps.controlReply = { ok: false, fault: "BAD_SUPVISORS_STATE", detail: "invalid Supvisors state=INITIALIZATION" };
  const d = dashboard(deps);
  const r = await link(d, "/application.html?appname=web&action=startapp");
  expect(r.query.get("gravity")).toBe("erro");
  expect(r.query.get("message")).toBe("start_application: BAD_SUPVISORS_STATE: invalid Supvisors state=INITIALIZATION");
  const p = await link(d, "/application.html?appname=web&action=stop&namespec=web%3Afront");
  expect(p.query.get("message")).toBe("stop_process: BAD_SUPVISORS_STATE: invalid Supvisors state=INITIALIZATION");
});

test("clearlog → supervisor.clearProcessLogs on the local daemon; its fault is shown", async () => {
  const deps = fresh();
  deps.rpcAnswers["supervisor.clearProcessLogs"] = () => true;
  const d = dashboard(deps);
  const ok = await link(d, "/application.html?appname=web&action=clearlog&namespec=web%3Afront");
  expect(deps.rpcCalls).toEqual([{ method: "supervisor.clearProcessLogs", params: ["web:front"] }]);
  expect(ok.query.get("message")).toBe("Log for web:front cleared");
  expect(ok.query.get("gravity")).toBe("info");
  deps.rpcAnswers["supervisor.clearProcessLogs"] = () => {
    throw new RpcFault(Faults.FAILED, "web:front");
  };
  const ko = await link(d, "/application.html?appname=web&action=clearlog&namespec=web%3Afront");
  expect(ko.query.get("message")).toBe("clearProcessLogs: FAILED: web:front");
  expect(ko.query.get("gravity")).toBe("erro");
  expect(deps.controlRequests).toEqual([]);
});

test("a process outside the application, a missing namespec, an unknown action", async () => {
  const deps = fresh();
  const d = dashboard(deps);
  expect((await link(d, "/application.html?appname=web&action=stop&namespec=db%3Adb")).query.get("message")).toBe("No such process named db:db");
  expect((await link(d, "/application.html?appname=web&action=stop")).query.get("message")).toBe("No application selected");
  expect((await link(d, "/application.html?appname=web&action=explode")).query.get("message")).toBe("Unknown action: explode");
  expect(deps.controlRequests).toEqual([]);
});

test("htmx POST: message box then the live regions out of band", async () => {
  const deps = fresh();
  const out = await htmx(dashboard(deps), "/application.html", { appname: "web", strategy: "CONFIG", action: "restartapp" });
  expect(deps.controlRequests).toEqual([{ kind: "restartApplication", strategy: "CONFIG", application: "web", wait: true }]);
  expect(out.startsWith('<div id="message" class="message info" role="status"><span class="text">Application web restarted</span>')).toBe(true);
  for (const id of ["state", "app-processes", "menu-applications", "menu-instances", "logo"]) expect(out).toContain(`<div id="${id}" hx-swap-oob="innerHTML">`);
});

test("htmx POST for an unknown application answers the error in the message box", async () => {
  const deps = fresh();
  const out = await htmx(dashboard(deps), "/application.html", { appname: "gone", action: "startapp" });
  expect(out).toContain('class="message erro"');
  expect(out).toContain("Unknown application: gone");
  expect(deps.controlRequests).toEqual([]);
});
