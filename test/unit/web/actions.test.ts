// Every action of the main and conciliation pages reaches the right call of the command interface,
// as a plain link (303 back to the page with the message) and as an htmx POST (message box and
// out-of-band regions in place).

import { afterEach, expect, test } from "bun:test";
import { createDashboard, type Dashboard } from "../../../src/web/index.ts";
import { FakeDeps, idOf, proc } from "./fake-deps.ts";
import { answerProcesses } from "./instance-helpers.ts";

const open: Dashboard[] = [];
afterEach(() => {
  for (const d of open.splice(0)) d.close();
});

function dashboard(deps: FakeDeps): Dashboard {
  const d = createDashboard(deps);
  open.push(d);
  return d;
}

async function link(d: Dashboard, path: string): Promise<{ status: number; location: URLSearchParams; page: string }> {
  const res = (await d.handle(new Request(`http://10.0.0.1:60000${path}`)))!;
  const location = res.headers.get("location") ?? "";
  return { status: res.status, page: location.split("?")[0]!, location: new URLSearchParams(location.split("?")[1] ?? "") };
}

async function htmx(d: Dashboard, page: string, fields: Record<string, string>): Promise<string> {
  const res = (await d.handle(
    new Request(`http://10.0.0.1:60000/${page}`, {
      method: "POST",
      headers: { "HX-Request": "true", "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    }),
  ))!;
  expect(res.status).toBe(200);
  return res.text();
}

const conflictDeps = () =>
  new FakeDeps({
    nicks: ["alpha", "beta", "gamma"],
    fsm: "CONCILIATION",
    rules: `<application name="web"/><application name="db"/>`,
    processes: {
      alpha: [proc("web", "front", "RUNNING", { start: 1_700_000_000 }), proc("db", "db")],
      beta: [proc("web", "front", "RUNNING", { start: 1_700_000_050 }), proc("db", "db")],
      gamma: [proc("web", "front", "RUNNING", { start: 1_699_999_000 })],
    },
  });

const CLUSTER_ACTIONS = [
  ["sup_sync", "", { type: "endSync", master: "" }, "warn", "Supvisors end of sync requested"],
  ["sup_master_sync", idOf("beta", 1), { type: "endSync", master: idOf("beta", 1) }, "warn", "Supvisors end of sync requested with Master=beta"],
  ["sup_restart", "", { type: "restart" }, "warn", "Supvisors restart requested"],
  ["sup_shutdown", "", { type: "shutdown" }, "warn", "Supvisors shutdown requested"],
] as const;

for (const [action, ident, input, gravity, message] of CLUSTER_ACTIONS) {
  test(`link action=${action} → ${input.type}, 303 with the message`, async () => {
    const deps = new FakeDeps({ nicks: ["alpha", "beta"] });
    const r = await link(dashboard(deps), `/index.html?action=${action}${ident ? `&ident=${encodeURIComponent(ident)}` : ""}`);
    expect(deps.clusterRequests).toEqual([input]);
    expect(r.status).toBe(303);
    expect(r.page).toBe("index.html");
    expect(r.location.get("gravity")).toBe(gravity);
    expect(r.location.get("message")).toBe(message);
  });
}

test("a refused end_sync shows Supvisors' error text", async () => {
  const deps = new FakeDeps({ nicks: ["alpha"] });
  deps.clusterReply = { ok: false, fault: "BAD_SUPVISORS_STATE", detail: "invalid Supvisors state=OPERATION - state expected in ['SYNCHRONIZATION']" };
  const r = await link(dashboard(deps), "/index.html?action=sup_sync");
  expect(r.location.get("gravity")).toBe("erro");
  expect(r.location.get("message")).toBe(
    "end_synchro: code=101, text='BAD_SUPVISORS_STATE: invalid Supvisors state=OPERATION - state expected in [\\'SYNCHRONIZATION\\']'",
  );
});

test("htmx POST answers the message box and the live regions out of band, without a redirect", async () => {
  const deps = new FakeDeps({ nicks: ["alpha", "beta"] });
  const body = await htmx(dashboard(deps), "index.html", { action: "sup_restart" });
  expect(deps.clusterRequests).toEqual([{ type: "restart" }]);
  expect(body.startsWith('<div id="message" class="message warn" role="status"><span class="text">Supvisors restart requested</span>')).toBe(true);
  for (const id of ["state", "menu-instances", "menu-applications", "logo", "cards"]) expect(body).toContain(`<div id="${id}" hx-swap-oob="innerHTML">`);
});

test("a HEAD request (link checker, curl -I) never carries out the action of any page", async () => {
  const deps = new FakeDeps({ nicks: ["alpha", "beta"], rules: `<application name="web"/>`, processes: { alpha: [proc("web", "front")] } });
  answerProcesses(deps, [{ group: "web", name: "front" }]);
  for (const m of ["supervisor.stopProcess", "supervisor.shutdown"]) deps.rpcAnswers[m] = () => true;
  const d = dashboard(deps);
  for (const path of [
    "/index.html?action=sup_restart",
    "/conciliation.html?action=sup_shutdown",
    "/proc_instance.html?action=stop&namespec=web%3Afront",
    "/host_instance.html?action=shutdownsup",
    "/application.html?appname=web&action=stopapp",
  ]) {
    const res = (await d.handle(new Request(`http://10.0.0.1:60000${path}`, { method: "HEAD" })))!;
    expect({ path, status: res.status }).toEqual({ path, status: 200 });
  }
  expect(deps.clusterRequests).toEqual([]);
  expect(deps.controlRequests).toEqual([]);
  expect(deps.rpcCalls.map((c) => c.method).filter((m) => m === "supervisor.stopProcess" || m === "supervisor.shutdown")).toEqual([]);
});

test("unknown action: error message, nothing called", async () => {
  const deps = new FakeDeps({ nicks: ["alpha"] });
  const r = await link(dashboard(deps), "/index.html?action=explode");
  expect(r.location.get("message")).toBe("Unknown action: explode");
  expect(deps.clusterRequests).toEqual([]);
  expect(deps.controlRequests).toEqual([]);
});

test("global strategy → conciliate request with that strategy", async () => {
  const deps = conflictDeps();
  const r = await link(dashboard(deps), "/conciliation.html?action=senicide&namespec=");
  expect(deps.controlRequests).toEqual([{ kind: "conciliate", strategy: "SENICIDE" }]);
  expect(r.page).toBe("conciliation.html");
  expect(r.location.get("message")).toBe("SENICIDE in progress for all conflicts");
  expect(r.location.get("gravity")).toBe("info");
});

test("per-process strategies: stop and restart requests, senicide / infanticide stop the right copies", async () => {
  const deps = conflictDeps();
  const d = dashboard(deps);
  await link(d, "/conciliation.html?action=stop&namespec=web%3Afront");
  expect(deps.controlRequests.at(-1)).toEqual({ kind: "stopProcess", namespec: "web:front", wait: false });
  await link(d, "/conciliation.html?action=restart&namespec=db");
  expect(deps.controlRequests.at(-1)).toEqual({ kind: "restartProcess", strategy: "CONFIG", namespec: "db:db", extraArgs: "", wait: false });
  // SENICIDE keeps the youngest (beta, started last) and stops the others.
  const r = await link(d, "/conciliation.html?action=senicide&namespec=web%3Afront");
  expect(r.location.get("message")).toBe("SENICIDE in progress for web:front");
  expect(deps.stops.map((s) => s.identifier).sort()).toEqual([idOf("alpha", 0), idOf("gamma", 2)]);
  deps.stops.length = 0;
  // INFANTICIDE keeps the oldest (gamma).
  await link(d, "/conciliation.html?action=infanticide&namespec=web%3Afront");
  expect(deps.stops.map((s) => s.identifier).sort()).toEqual([idOf("alpha", 0), idOf("beta", 1)]);
});

test("a single conflict: the per-process link uses the conciliate request itself", async () => {
  const deps = new FakeDeps({
    nicks: ["alpha", "beta"],
    fsm: "CONCILIATION",
    rules: `<application name="web"/>`,
    processes: { alpha: [proc("web", "front")], beta: [proc("web", "front")] },
  });
  await link(dashboard(deps), "/conciliation.html?action=running_failure&namespec=web%3Afront");
  expect(deps.controlRequests).toEqual([{ kind: "conciliate", strategy: "RUNNING_FAILURE" }]);
});

test("pstop stops on that instance and waits until it no longer runs there", async () => {
  const deps = conflictDeps();
  deps.onStop = (identifier, namespec) => {
    const index = [...deps.state.instances.keys()].indexOf(identifier);
    queueMicrotask(() => deps.setProcess(index, proc("web", "front", "STOPPED")));
    expect(namespec).toBe("web:front");
  };
  const r = await link(dashboard(deps), `/conciliation.html?action=pstop&namespec=web%3Afront&ident=${encodeURIComponent(idOf("beta", 1))}`);
  expect(deps.stops).toEqual([{ identifier: idOf("beta", 1), namespec: "web:front" }]);
  expect(r.location.get("message")).toBe(`process web:front stopped on ${idOf("beta", 1)}`);
  expect(r.location.get("gravity")).toBe("info");
});

test("pkeep stops on every other instance and waits for them", async () => {
  const deps = conflictDeps();
  deps.onStop = (identifier) => {
    const index = [...deps.state.instances.keys()].indexOf(identifier);
    queueMicrotask(() => deps.setProcess(index, proc("web", "front", "STOPPED")));
  };
  const body = await htmx(dashboard(deps), "conciliation.html", { action: "pkeep", namespec: "web:front", ident: idOf("alpha", 0) });
  expect(deps.stops.map((s) => s.identifier).sort()).toEqual([idOf("beta", 1), idOf("gamma", 2)]);
  expect(body).toContain(`processes web:front stopped but on ${idOf("alpha", 0)}`);
  expect(body).toContain('<div id="conflicts" hx-swap-oob="innerHTML">');
});

test("pstop that never completes ends with a warning at the deadline", async () => {
  const deps = conflictDeps();
  deps.actionTimeoutMs = 50;
  const r = await link(dashboard(deps), `/conciliation.html?action=pstop&namespec=web%3Afront&ident=${encodeURIComponent(idOf("beta", 1))}`);
  expect(r.location.get("message") + "|" + r.location.get("gravity")).toBe(`process web:front still running on ${idOf("beta", 1)} after 0.05 s|warn`);
  expect(r.location.get("message")).toBe(`process web:front still running on ${idOf("beta", 1)} after 0.05 s`);
});
