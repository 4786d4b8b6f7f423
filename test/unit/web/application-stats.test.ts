// The application page's process statistics (UI-11, UI-48, UI-63): %CPU / %MEM cells linking to
// the process on the instance the figures come from, the toggle back, the right-hand panel with
// the CPU / MEM widgets from figures another instance sent, the Solaris / IRIX division, the
// selection dropped when it no longer applies, and the live refresh of the panel.

import { expect, test } from "bun:test";
import { FakeDeps, idOf, proc } from "./fake-deps.ts";
import { connect, dashboard, htmx, link, page } from "./application-helpers.ts";

const RULES = `<application name="web"/><application name="db"/>`;
const BETA = idOf("beta", 1);
const ALPHA = idOf("alpha", 0);
const SELECT = `processname=web%3Afront&ident=${encodeURIComponent(BETA)}`;

/** front runs on beta (with figures from beta), back is stopped on alpha, db runs on alpha. */
function deps(): FakeDeps {
  const d = new FakeDeps({
    nicks: ["alpha", "beta"],
    rules: RULES,
    processes: {
      alpha: [proc("web", "front", "STOPPED"), proc("web", "back", "STOPPED"), proc("db", "db", "RUNNING")],
      beta: [proc("web", "front", "RUNNING", { description: "pid 42, uptime 0:00:10" })],
    },
  });
  d.statsStore.setFacts(BETA, { hostName: "beta-host", ipAddresses: ["192.168.1.2"], physicalCores: 2, logicalCores: 4, frequencyMhz: 0, totalMemoryBytes: 1 });
  for (const [i, cpu] of [40, 80].entries()) addFigures(d, i, cpu, 5 + i);
  return d;
}

function addFigures(d: FakeDeps, i: number, cpu: number, mem: number): void {
  d.statsStore.addProcess({ namespec: "web:front", identifier: BETA, pid: 42, now_monotonic: i, target_period: 10, period: [0, (i + 1) * 10], cpu, mem });
}

const rowOf = (body: string, name: string): string => {
  const match = body.match(new RegExp(`<tr class="process[^"]*">(?:(?!</tr>).)*?>${name}</(?:a|td)>(?:(?!</tr>).)*</tr>`));
  if (match === null) throw new Error(`no row for ${name} in\n${body}`);
  return match[0];
};

const panelOf = (body: string): string => /<div id="process-stats"[^>]*>(.*?)<\/div><\/main>/s.exec(body)?.[1] ?? "";

test("figures link to the process on the instance they come from; no figure, no link", async () => {
  const body = await page(dashboard(deps()), "/application.html?appname=web&strategy=CONFIG");
  const front = rowOf(body, "front");
  const href = `application.html?appname=web&amp;strategy=CONFIG&amp;period=10&amp;processname=web%3Afront&amp;ident=${encodeURIComponent(BETA)}`;
  // 80 % of one core on a 4-core host: 20.00 (Solaris mode).
  expect(front).toContain(`<td class="cpu"><a class="button on" href="${href}">20.00</a></td>`);
  expect(front).toContain(`<td class="mem"><a class="button on" href="${href}">6.00</a></td>`);
  expect(rowOf(body, "back")).toContain('<td class="cpu">--</td><td class="mem">--</td>');
  // Nothing selected: the panel region is there, empty; the chart scripts are loaded.
  expect(body).toContain('<div id="process-stats" class="" sse-swap="process-stats" hx-swap="innerHTML"></div>');
  expect(body).toMatch(/<script src="\/_flotilla\/charts\/[0-9a-f]+\/charts\.js" defer><\/script>/);
});

test("expanded rows link with their own instance", async () => {
  const d = deps();
  d.statsStore.addProcess({ namespec: "web:front", identifier: ALPHA, pid: 7, now_monotonic: 0, target_period: 10, period: [0, 10], cpu: 1, mem: 1 });
  const body = await page(dashboard(d), "/application.html?appname=web&pshex=02");
  const instances = [...body.matchAll(/<tr class="instance[^"]*">(?:(?!<\/tr>).)*<\/tr>/g)].map((m) => m[0]);
  expect(instances.length).toBe(2);
  expect(instances[0]).toContain(`processname=web%3Afront&amp;ident=${encodeURIComponent(ALPHA)}`);
  expect(instances[1]).toContain(`processname=web%3Afront&amp;ident=${encodeURIComponent(BETA)}`);
  // front does not run on alpha: Supvisors checks `processname` against the processes running on
  // `ident`, so selecting alpha's (stopped) copy is refused and no panel shows.
  const selected = await page(dashboard(d), `/application.html?appname=web&pshex=02&processname=web%3Afront&ident=${encodeURIComponent(ALPHA)}`);
  expect(selected).toContain('<span class="text">Incorrect processname: web:front</span>');
  expect(panelOf(selected)).toBe("");
  expect(rowOf(selected, "front")).not.toContain("active");
});

test("selected: panel with the other instance's figures, cells active and toggling off, links keep the selection", async () => {
  const body = await page(dashboard(deps()), `/application.html?appname=web&strategy=CONFIG&${SELECT}`);
  const front = rowOf(body, "front");
  const off = "application.html?appname=web&amp;strategy=CONFIG&amp;period=10";
  expect(front).toContain(`<td class="cpu"><a class="button on active" href="${off}">20.00</a></td>`);
  expect(front).toContain(`<td class="mem"><a class="button on active" href="${off}">6.00</a></td>`);
  const panel = panelOf(body);
  expect(panel).toContain('<div class="stats-panel">');
  expect(panel).toContain('<td id="stats-namespec">web:front</td>');
  // UI-48: the node is beta's host_id and the IP its address (not the name the host gives itself).
  expect(panel).toContain("<tr><th>Node</th><td>10.0.0.2</td></tr><tr><th>IP</th><td>10.0.0.2</td></tr>");
  expect(panel).not.toContain("beta-host");
  expect(panel).toContain('id="process-cpu"');
  expect(panel).toContain('<td class="latest increase">20.00 % \u2197</td>');
  expect(panel).toContain('<td class="mean">15.00</td>');
  expect(panel).toContain('id="process-mem"');
  expect(panel).toContain('<td class="latest increase">6.00 % \u2197</td>');
  expect(panel).toContain('id="process-cpu-chart" data-chart="');
  // The other links of the page keep the selection: period, strategy, refresh, action buttons.
  const keep = `processname=web%3Afront&amp;ident=${encodeURIComponent(BETA)}`;
  expect(body).toContain(`href="application.html?appname=web&amp;strategy=LOCAL&amp;period=10&amp;${keep}"`);
  expect(body).toContain(`href="application.html?appname=web&amp;strategy=CONFIG&amp;period=10&amp;${keep}">Refresh</a>`);
  expect(body).toContain(`&amp;${keep}&amp;action=stop&amp;namespec=web%3Afront"`);
  // The event stream of the page is the selected view's.
  expect(body).toContain(`sse-connect="/events/application?appname=web&amp;strategy=CONFIG&amp;period=10&amp;${keep}"`);
});

test("IRIX mode: process CPU not divided by the core count; without host facts, the host's processor series count", async () => {
  const d = deps();
  d.supvisors = { ...d.supvisors, statsIrixMode: true };
  const irix = await page(dashboard(d), `/application.html?appname=web&${SELECT}`);
  expect(rowOf(irix, "front")).toContain(">80.00</a></td>");
  expect(panelOf(irix)).toContain('<td class="latest increase">80.00 % \u2197</td>');
  // No facts from beta: the processor count comes from its host statistics (average + 2 CPUs).
  const noFacts = new FakeDeps({ nicks: ["alpha", "beta"], rules: RULES, processes: { beta: [proc("web", "front")] } });
  addFigures(noFacts, 0, 50, 1);
  noFacts.statsStore.addHost({ identifier: BETA, now_monotonic: 0, target_period: 10, period: [0, 10], cpu: [10, 10, 10], mem: 1, net_io: {}, disk_io: {}, disk_usage: {} });
  const body = await page(dashboard(noFacts), `/application.html?appname=web&${SELECT}`);
  expect(rowOf(body, "front")).toContain(">25.00</a></td>");
  expect(panelOf(body)).toContain('<td class="latest">25.00 %</td>');
  // The node falls back on the instance's host name.
  expect(panelOf(body)).toContain("<td>10.0.0.2</td>");
});

test("statistics received from other instances show even when the local collection is off (UI-11)", async () => {
  const d = deps();
  d.statsStatus = { hostStats: false, processStats: false, collectingPeriod: 5 };
  const body = await page(dashboard(d), `/application.html?appname=web&${SELECT}`);
  expect(panelOf(body)).toContain('<td id="stats-namespec">web:front</td>');
});

const DROPPED: [string, string][] = [
  ["a stopped process", `processname=web%3Aback&ident=${encodeURIComponent(ALPHA)}`],
  ["a process of another application", `processname=db&ident=${encodeURIComponent(ALPHA)}`],
  ["an unknown process", `processname=web%3Anope&ident=${encodeURIComponent(BETA)}`],
  ["an instance not in the rows", `processname=web%3Afront&ident=${encodeURIComponent(ALPHA)}`],
  ["no instance", "processname=web%3Afront"],
];
for (const [what, query] of DROPPED) {
  test(`no panel for ${what}`, async () => {
    const body = await page(dashboard(deps()), `/application.html?appname=web&${query}`);
    expect(panelOf(body)).toBe("");
    expect(rowOf(body, "front")).not.toContain("button on active");
  });
}

test("plain action link: the redirect keeps the selection; htmx answer refreshes the panel in place", async () => {
  const d = dashboard(deps());
  const r = await link(d, `/application.html?appname=web&strategy=CONFIG&${SELECT}&action=stop&namespec=web%3Afront`);
  expect(r.status).toBe(303);
  expect(r.query.get("processname")).toBe("web:front");
  expect(r.query.get("ident")).toBe(BETA);
  expect(r.query.get("message")).toBe("Process web:front stopped");
  const answer = await htmx(d, "/application.html", { appname: "web", strategy: "CONFIG", processname: "web:front", ident: BETA, action: "stop", namespec: "web:front" });
  expect(answer).toMatch(/<div id="process-stats" hx-swap-oob="innerHTML"><div class="stats-panel">.*20\.00 % \u2197/s);
});

test("live: new figures from the other instance are pushed to the panel within a collecting period", async () => {
  const deps0 = deps();
  // No change notification comes with figures: the stream looks once per collecting period.
  deps0.statsStatus = { hostStats: true, processStats: true, collectingPeriod: 0.05 };
  const d = dashboard(deps0);
  const stream = await connect(d, `/events/application?appname=web&strategy=CONFIG&period=10&${SELECT}`);
  await stream.waitFor("initial panel", (t) => t.includes("event: process-stats") && t.includes("20.00 % \u2197"));
  stream.reset();
  addFigures(deps0, 2, 20, 4);
  await stream.waitFor("new figures", () => stream.last("process-stats").includes('<td class="latest decrease">5.00 % \u2198</td>'));
  expect(stream.last("app-processes")).toContain(">5.00</a></td>");
  // The process stops: the selection no longer applies and the panel empties.
  stream.reset();
  deps0.setProcess(1, proc("web", "front", "STOPPED"));
  await stream.waitFor("empty panel", (t) => t.includes("event: process-stats") && stream.last("process-stats") === "");
  await stream.cancel();
});
