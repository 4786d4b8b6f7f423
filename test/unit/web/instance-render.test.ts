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
  expect(front).toContain(`href="logtail/web%3Afront"`);
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
  expect(crash).toContain(`href="logtail/web%3Acrash/stderr"`);
  // UI-44: Clear only when there is a log (crash has its stderr; a process without logs has none).
  expect(crash).toMatch(/action=clearlog&amp;namespec=web%3Acrash/);
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
  // Supvisors prints the expected load as a plain number; no figures yet: "--".
  expect(rowOf(page, "web:front")).toContain(`<td class="figure">12</td><td class="figure">--</td><td class="figure">--</td>`);
  expect(rowOf(page, "web:back")).toContain(`<td class="figure">30</td>`);
  expect(appRow(page, "web")).toContain(`<td class="figure">12</td><td class="figure">--</td><td class="figure">--</td>`);
  expect(page).toMatch(/class="total"><td class="name">Total<\/td><td><\/td><td><\/td><td class="figure">12<\/td><td class="figure">--<\/td>/);
});

test("ashex: shrunk applications hide their processes; toggle links flip one bit (Supvisors' byte order)", async () => {
  const processes: LocalSpec[] = [
    { group: "a", name: "x" },
    { group: "b", name: "y" },
  ];
  const d = dashboard(instanceDeps(processes));
  const all = await getText(d, "/proc_instance.html");
  expect(all).toContain(`data-namespec="a:x"`);
  expect(all).toContain(`data-namespec="b:y"`);
  // All expanded by default: the toggle of a (bit 0) clears it; only the shrink-all button shows.
  expect(appRow(all, "a")).toContain(`ashex=fe`);
  expect(all).toContain(`href="proc_instance.html?ashex=00&amp;period=10">[\u2013]</a> Name`);
  expect(all).not.toContain(`ashex=ff`);
  const onlyB = await getText(d, "/proc_instance.html?ashex=02");
  expect(onlyB).not.toContain(`data-namespec="a:x"`);
  expect(onlyB).toContain(`data-namespec="b:y"`);
  expect(appRow(onlyB, "a")).toContain(`ashex=03`);
  expect(onlyB).toContain(`href="proc_instance.html?ashex=ff&amp;period=10">[+]</a>`);
  // A mask that is not hex, or not one byte per 8 applications, is ignored without a word (Supvisors logs it only).
  for (const bad of ["zz", "2", "0202"]) {
    const page = await getText(d, `/proc_instance.html?ashex=${bad}`);
    expect(page).toContain(`data-namespec="a:x"`);
    expect(page).toContain(DEFAULT_MESSAGE);
  }
});

test("ashex: one bit per application the cluster knows, in sorted order and bytes as Supvisors writes them", async () => {
  // Nine applications in the cluster (two bytes); the local table has only c and i.
  const groups = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
  const deps = instanceDeps(
    [
      { group: "c", name: "x" },
      { group: "i", name: "y" },
    ],
    { processes: { beta: groups.map((g) => proc(g, "p")) } },
  );
  const d = dashboard(deps);
  // Bit 8 (application i) is bit 0 of the second byte: "0001" expands i only, not c (bit 2 of the first).
  const onlyI = await getText(d, "/proc_instance.html?ashex=0001");
  expect(onlyI).not.toContain(`data-namespec="c:x"`);
  expect(onlyI).toContain(`data-namespec="i:y"`);
  expect(appRow(onlyI, "c")).toContain(`ashex=0401`);
  const onlyC = await getText(d, "/proc_instance.html?ashex=0400");
  expect(onlyC).toContain(`data-namespec="c:x"`);
  expect(onlyC).not.toContain(`data-namespec="i:y"`);
  // One byte is not enough for nine applications: ignored, everything expanded.
  const short = await getText(d, "/proc_instance.html?ashex=04");
  expect(short).toContain(`data-namespec="i:y"`);
  expect(short).not.toContain(`ashex=ffff&`);
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
  expect(front).toContain(">20.00<");
  expect(front).toContain(">6.00<");
  expect(front).toContain(`processname=web%3Afront`);
  expect(page).toContain(`id="stats-options"`);
  expect(page).toContain(`href="host_instance.html?period=10"`);
  expect(page).toMatch(/class="supervisord">.*>1\.00</);
  expect(page).not.toContain(`class="stats-panel"`);
  const selected = await getText(d, "/proc_instance.html?processname=web%3Afront");
  expect(selected).toContain(`class="stats-panel"`);
  expect(selected).toContain(`<td id="stats-namespec">web:front</td>`);
  // UI-48: the node is the instance's host_id, the IP what it resolves to (not the host's own name).
  expect(selected).toContain("<tr><th>Node</th><td>10.0.0.1</td></tr><tr><th>IP</th><td>10.0.0.1</td></tr>");
  expect(selected).not.toContain("alpha-host");
  expect(selected).toContain(`id="process-cpu"`);
  expect(selected).toContain(`<td class="latest increase">20.00 % \u2197</td>`);
  expect(selected).toContain(`id="process-mem"`);
  expect(selected).toContain("charts.js");
  deps.supvisors = { ...deps.supvisors, statsIrixMode: true };
  expect(rowOf(await getText(d, "/proc_instance.html"), "web:front")).toContain(">80.00<");
});

test("statistics options as Supvisors hides them (UI-41): switch with host stats, periods with process stats, card with either", async () => {
  const deps = instanceDeps([{ group: "web", name: "front" }]);
  deps.statsStatus = { hostStats: false, processStats: true, collectingPeriod: 5 };
  const d = dashboard(deps);
  const noHost = await getText(d, "/proc_instance.html");
  expect(noHost).not.toContain("host_instance.html");
  expect(noHost).toContain(`<span class="periods">`);
  deps.statsStatus = { hostStats: true, processStats: false, collectingPeriod: 5 };
  const noProcess = await getText(d, "/proc_instance.html?processname=web%3Afront");
  expect(noProcess).toContain(`id="stats-options"`);
  expect(noProcess).toContain(`href="host_instance.html?period=10"`);
  expect(noProcess).not.toContain(`<span class="periods">`);
  expect(noProcess).not.toContain(`class="stats-panel"`);
  // No figure columns' values without process statistics.
  expect(rowOf(noProcess, "web:front")).toContain(`<td class="figure"></td><td class="figure"></td>`);
  deps.statsStatus = { hostStats: false, processStats: false, collectingPeriod: 5 };
  expect(await getText(d, "/proc_instance.html")).not.toContain(`id="stats-options"`);
});

test("bad period is reported in Supvisors' words and the first period used", async () => {
  const page = await getText(dashboard(instanceDeps([])), "/proc_instance.html?period=7");
  expect(page).toContain(`<span class="text">Incorrect period: 7.0</span>`);
  expect(page).toContain(`class="message erro"`);
  const word = await getText(dashboard(instanceDeps([])), "/proc_instance.html?period=week");
  expect(word).toContain(`<span class="text">period is not a float: week</span>`);
});

test("processname must run here (or be supervisord): else Supvisors' complaint and no panel (UI-10, UI-48)", async () => {
  const deps = instanceDeps([
    { group: "web", name: "front" },
    { group: "web", name: "back", state: "STOPPED" },
    { group: "solo", name: "solo" },
  ]);
  deps.statsStore.addProcess({ namespec: SELF_NAMESPEC, identifier: deps.localId, pid: 1, now_monotonic: 0, target_period: 10, period: [0, 10], cpu: 4, mem: 1 });
  deps.statsStore.addProcess({ namespec: "solo:solo", identifier: deps.localId, pid: 2, now_monotonic: 0, target_period: 10, period: [0, 10], cpu: 2, mem: 1 });
  const d = dashboard(deps);
  const stopped = await getText(d, "/proc_instance.html?processname=web%3Aback");
  expect(stopped).toContain(`<span class="text">Incorrect processname: web:back</span>`);
  expect(stopped).not.toContain(`class="stats-panel"`);
  // The daemon's own figures: the supervisord row's panel.
  const self = await getText(d, "/proc_instance.html?processname=supervisord");
  expect(self).toContain(`<td id="stats-namespec">supervisord</td>`);
  expect(self).toContain(`data-chart=`);
  expect(self).toContain(DEFAULT_MESSAGE);
  // Supvisors writes `solo` for solo:solo; both forms select it, links use Supvisors' form.
  for (const name of ["solo", "solo%3Asolo"]) {
    const page = await getText(d, `/proc_instance.html?processname=${name}`);
    expect(page).toContain(`<td id="stats-namespec">solo</td>`);
    expect(rowOf(page, "solo:solo")).toContain(`<a class="on active" href="proc_instance.html?period=10">2.00</a>`);
  }
  expect(rowOf(await getText(d, "/proc_instance.html"), "solo:solo")).toContain(`href="proc_instance.html?period=10&amp;processname=solo"`);
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
