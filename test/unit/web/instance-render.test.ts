// The Supervisor page (UI-40..48) rendered over fake dependencies: empty / small / 1 000 processes,
// header status, grouping and one-row applications, enablement rules, expand / shrink, totals,
// statistics options and the detailed statistics panel.

import { afterEach, expect, test } from "bun:test";
import { SELF_NAMESPEC } from "../../../src/stats/index.ts";
import { DEFAULT_MESSAGE } from "../../../src/web/instance/index.ts";
import { proc } from "./fake-deps.ts";
import { closeAll, dashboard, getText, instanceDeps, type LocalSpec } from "./instance-helpers.ts";

afterEach(closeAll);

/** The <tr> of a process (by namespec) in the page. */
function rowOf(page: string, namespec: string): string {
  const at = page.indexOf(`data-namespec="${namespec}"`);
  if (at < 0) throw new Error(`no row for ${namespec}`);
  return page.slice(page.lastIndexOf("<tr", at), page.indexOf("</tr>", at));
}

function appRow(page: string, name: string): string {
  const at = page.indexOf(`data-application="${name}"`);
  if (at < 0) throw new Error(`no application row ${name}`);
  return page.slice(page.lastIndexOf("<tr", at), page.indexOf("</tr>", at));
}

const small: LocalSpec[] = [
  { group: "web", name: "front" },
  { group: "web", name: "back", state: "STOPPED" },
  { group: "web", name: "off", state: "STOPPED", disabled: true },
  { group: "web", name: "crash", state: "EXITED", expected: false, stdout: false, stderr: true },
  { group: "db", name: "db", state: "FATAL" },
];

test("empty instance: supervisord and totals rows, default warn message", async () => {
  const page = await getText(dashboard(instanceDeps([])), "/proc_instance.html");
  expect(page).toContain(`class="supervisord"`);
  expect(page).toContain("pid 4321, uptime ");
  expect(page).toContain(`class="total"`);
  expect(page).toContain(DEFAULT_MESSAGE);
  expect(page).toContain(`class="message warn"`);
  expect(page).not.toContain("data-namespec");
});

test("header: Master mark, nick, state, discovery and blinking modes", async () => {
  const deps = instanceDeps([], { discoveryMode: true, jobs: { alpha: { starting: true, stopping: true } } });
  const page = await getText(dashboard(deps), "/proc_instance.html");
  expect(page).toContain(`<span id="instance-nick">\u272A alpha</span>`);
  expect(page).toContain(`<span id="instance-state" class="RUNNING">RUNNING</span>`);
  expect(page).toContain(`<span id="discovery" class="mode">discovery</span>`);
  expect(page).toContain(`<span id="starting" class="mode blink">starting</span>`);
  expect(page).toContain(`<span id="stopping" class="mode blink">stopping</span>`);
  const other = await getText(dashboard(instanceDeps([], { master: "beta" })), "/proc_instance.html");
  expect(other).toContain(`<span id="instance-nick">alpha</span>`);
  expect(other).not.toContain(`id="discovery"`);
});

test("small instance: applications sorted, one-row application, enablement rules", async () => {
  const deps = instanceDeps(small, { rules: `<application name="web"/>`, processes: { alpha: [proc("web", "front"), proc("web", "back", "STOPPED")] } });
  const page = await getText(dashboard(deps), "/proc_instance.html");
  expect(page.indexOf(`data-namespec="db:db"`)).toBeLessThan(page.indexOf(`data-application="web"`));
  // db has one process named like its group: one row, no application row.
  expect(page).not.toContain(`data-application="db"`);
  expect(rowOf(page, "db:db")).toContain(`state FATAL crashed`);
  const front = rowOf(page, "web:front");
  expect(front).toContain(`href="tail.html?processname=web%3Afront&amp;limit=1024"`);
  expect(front).toContain(`>front<`);
  expect(front).toContain(`<a class="button off">Start</a>`);
  expect(front).toMatch(/action=stop&amp;namespec=web%3Afront/);
  expect(front).toMatch(/action=restart&amp;namespec=web%3Afront/);
  expect(front).toContain(`href="logtail/web:front"`);
  expect(front).toContain(`<a class="button off">Stderr</a>`);
  const back = rowOf(page, "web:back");
  expect(back).toMatch(/action=start&amp;namespec=web%3Aback/);
  expect(back).toContain(`<a class="button off">Stop</a>`);
  expect(back).toContain(`<a class="button off">Restart</a>`);
  const off = rowOf(page, "web:off");
  expect(off).toContain("state STOPPED disabled");
  expect(off).toContain(`<a class="button off">Start</a>`);
  const crash = rowOf(page, "web:crash");
  expect(crash).toContain("state EXITED crashed");
  expect(crash).toContain(`<span>crash</span>`);
  expect(crash).toContain(`<a class="button off">Stdout</a>`);
  expect(crash).toContain(`href="logtail/web:crash/stderr"`);
  // Application row: managed → link, group actions with `web:`.
  const web = appRow(page, "web");
  expect(web).toContain(`href="application.html?appname=web"`);
  expect(web).toContain(`<td class="state RUNNING">RUNNING</td>`);
  expect(web).toMatch(/action=startgroup&amp;namespec=web%3A/);
  expect(web).toMatch(/action=stopgroup&amp;namespec=web%3A/);
});

test("expected loads from the rules, application and total sums over running processes", async () => {
  const rules = `<application name="web"><programs><program name="front"><expected_loading>12</expected_loading></program><program name="back"><expected_loading>30</expected_loading></program></programs></application>`;
  const deps = instanceDeps(
    [
      { group: "web", name: "front" },
      { group: "web", name: "back", state: "STOPPED" },
    ],
    { rules },
  );
  const page = await getText(dashboard(deps), "/proc_instance.html");
  expect(rowOf(page, "web:front")).toContain(`<td class="figure">12%</td>`);
  expect(rowOf(page, "web:back")).toContain(`<td class="figure">30%</td>`);
  expect(appRow(page, "web")).toContain(`<td class="figure">12%</td>`);
  expect(page).toMatch(/class="total"><td class="name">Total<\/td><td><\/td><td><\/td><td class="figure">12%<\/td>/);
});

test("ashex: shrunk applications hide their processes; toggle links flip one bit", async () => {
  const processes: LocalSpec[] = [
    { group: "a", name: "x" },
    { group: "b", name: "y" },
  ];
  const d = dashboard(instanceDeps(processes));
  const all = await getText(d, "/proc_instance.html");
  expect(all).toContain(`data-namespec="a:x"`);
  expect(all).toContain(`data-namespec="b:y"`);
  expect(appRow(all, "a")).toContain(`ashex=2`);
  const onlyB = await getText(d, "/proc_instance.html?ashex=2");
  expect(onlyB).not.toContain(`data-namespec="a:x"`);
  expect(onlyB).toContain(`data-namespec="b:y"`);
  expect(appRow(onlyB, "a")).toContain(`ashex=3`);
  const bad = await getText(d, "/proc_instance.html?ashex=zz");
  expect(bad).toContain("Incorrect ashex=zz");
});

test("1 000 processes render every row", async () => {
  const processes: LocalSpec[] = Array.from({ length: 1000 }, (_, i) => ({ group: `app${i % 20}`, name: `p${i}`, state: i % 2 === 0 ? "RUNNING" : "STOPPED" }));
  const page = await getText(dashboard(instanceDeps(processes)), "/proc_instance.html");
  expect(page.match(/data-namespec=/g)!.length).toBe(1000);
  expect(page.match(/data-application=/g)!.length).toBe(20);
});

test("statistics: figures, period buttons, host switch, detailed panel; CPU divided by cores", async () => {
  const deps = instanceDeps([{ group: "web", name: "front" }]);
  deps.statsStore.setFacts(deps.localId, { hostName: "alpha-host", ipAddresses: ["10.0.0.1"], physicalCores: 2, logicalCores: 4, frequencyMhz: 0, totalMemoryBytes: 1 });
  for (const [i, cpu] of [40, 80].entries()) {
    deps.statsStore.addProcess({ namespec: "web:front", identifier: deps.localId, pid: 1234, now_monotonic: i, target_period: 10, period: [0, (i + 1) * 10], cpu, mem: 5 + i });
    deps.statsStore.addProcess({ namespec: SELF_NAMESPEC, identifier: deps.localId, pid: 1, now_monotonic: i, target_period: 10, period: [0, (i + 1) * 10], cpu: 4, mem: 1 });
  }
  const d = dashboard(deps);
  const page = await getText(d, "/proc_instance.html");
  const front = rowOf(page, "web:front");
  expect(front).toContain(">20.00%<");
  expect(front).toContain(">6.00%<");
  expect(front).toContain(`processname=web%3Afront`);
  expect(page).toContain(`id="stats-options"`);
  expect(page).toContain(`href="host_instance.html?period=10"`);
  expect(page).toMatch(/class="supervisord">.*>1\.00%</);
  expect(page).not.toContain(`class="stats-panel"`);
  const selected = await getText(d, "/proc_instance.html?processname=web%3Afront");
  expect(selected).toContain(`class="stats-panel"`);
  expect(selected).toContain(`<td id="stats-namespec">web:front</td>`);
  expect(selected).toContain("alpha-host");
  expect(selected).toContain(`id="process-cpu"`);
  expect(selected).toContain(`<td class="latest increase">20.00 % \u2197</td>`);
  expect(selected).toContain(`id="process-mem"`);
  expect(selected).toContain("charts.js");
  deps.supvisors = { ...deps.supvisors, statsIrixMode: true };
  expect(rowOf(await getText(d, "/proc_instance.html"), "web:front")).toContain(">80.00%<");
});

test("statistics off: no options, no figures, no panel; host stats off: no host switch", async () => {
  const deps = instanceDeps([{ group: "web", name: "front" }]);
  deps.statsStatus = { hostStats: false, processStats: true, collectingPeriod: 5 };
  const d = dashboard(deps);
  expect(await getText(d, "/proc_instance.html")).not.toContain("host_instance.html");
  deps.statsStatus = { hostStats: true, processStats: false, collectingPeriod: 5 };
  const page = await getText(d, "/proc_instance.html?processname=web%3Afront");
  expect(page).not.toContain(`id="stats-options"`);
  expect(page).not.toContain(`class="stats-panel"`);
});

test("bad period is reported and the first period used", async () => {
  const page = await getText(dashboard(instanceDeps([])), "/proc_instance.html?period=7");
  expect(page).toContain("Incorrect period=7");
  expect(page).toContain(`class="message erro"`);
});

test("a failing listing shows its error instead of the table", async () => {
  const deps = instanceDeps([]);
  deps.rpcAnswers["supervisor.getAllProcessInfo"] = () => {
    throw new Error("daemon gone");
  };
  expect(await getText(dashboard(deps), "/proc_instance.html")).toContain("getAllProcessInfo: daemon gone");
});

test("charts.js is served on its digest path", async () => {
  const d = dashboard(instanceDeps([]));
  const page = await getText(d, "/proc_instance.html");
  const path = /src="(\/_flotilla\/charts\/[0-9a-f]+\/charts\.js)"/.exec(page)![1]!;
  const js = await getText(d, path);
  expect(js).toContain("uPlot");
});
