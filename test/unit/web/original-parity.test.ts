// Points where a row-by-row review against Supvisors 0.19's pages found ours different, each
// checked on the rendered pages: the software card on every page (UI-20), the logo area (UI-05),
// the menu's `local` mark and application links (UI-04, UI-05), the footer's time box (UI-03),
// uptimes past a day (UI-31), parameters checked on every page (UI-10), unmanaged applications
// linked from the Supervisor page (UI-45), figures in get_small_value form (UI-63), and the
// node / IP of an instance (UI-48, UI-51).

import { afterEach, expect, test } from "bun:test";
import type { FsmState } from "../../../src/cluster/states.ts";
import { instanceAddress } from "../../../src/web/process-stats.ts";
import { ctime } from "../../../src/web/py-text.ts";
import { FakeDeps, idOf, proc } from "./fake-deps.ts";
import { answerProcesses, closeAll, dashboard, get, getText } from "./instance-helpers.ts";

afterEach(closeAll);

const PAGES = ["/index.html", "/conciliation.html", "/proc_instance.html", "/host_instance.html", "/application.html?appname=web"];

function cluster(fsm: FsmState = "OPERATION", extra: Partial<ConstructorParameters<typeof FakeDeps>[0]> = {}): FakeDeps {
  const deps = new FakeDeps({
    nicks: ["alpha", "beta"],
    fsm,
    rules: `<application name="web"/>`,
    processes: { alpha: [proc("web", "front"), proc("tools", "cron")], beta: [proc("web", "front", "STOPPED")] },
    ...extra,
  });
  answerProcesses(deps, [
    { group: "web", name: "front" },
    { group: "tools", name: "cron" },
    { group: "tools", name: "backup", state: "STOPPED" },
  ]);
  return deps;
}

test("UI-20: the software card is the first card of every page's header, name and icon", async () => {
  const deps = cluster("OPERATION", { softwareName: "Demo Suite", softwareIcon: "/icons/demo.png" });
  deps.readFile = () => new Uint8Array([137, 80, 78, 71]);
  const d = dashboard(deps);
  for (const path of PAGES) {
    const page = await getText(d, path);
    expect({ path, card: page.includes('<header><div id="software" class="card"><img id="software-icon" src="software_icon.png" alt=""><span id="software-name">Demo Suite</span></div>') }).toEqual({ path, card: true });
  }
  // Neither option: no card anywhere.
  const bare = dashboard(cluster());
  for (const path of PAGES) expect(await getText(bare, path)).not.toContain('id="software"');
});

test("UI-01/03: every page has Flotilla's icon as favicon, served from the embedded assets", async () => {
  const d = dashboard(cluster());
  for (const path of PAGES) {
    const page = await getText(d, path);
    const icon = /<link rel="icon" href="(\/_flotilla\/[0-9a-f]{12}\/flotilla\.svg)" type="image\/svg\+xml">/.exec(page);
    expect({ path, icon: icon !== null }).toEqual({ path, icon: true });
  }
  const page = await getText(d, "/index.html");
  const url = /href="(\/_flotilla\/[0-9a-f]{12}\/flotilla\.svg)"/.exec(page)![1]!;
  const res = await get(d, url);
  expect(res.headers.get("content-type")).toBe("image/svg+xml");
  expect(await res.text()).toStartWith("<svg");
});

test("UI-05: the logo area names Flotilla with its version, links to index.html, failure style in CONCILIATION (conflicts or not)", async () => {
  for (const fsm of ["OPERATION", "CONCILIATION"] as const) {
    const page = await getText(dashboard(cluster(fsm)), "/proc_instance.html");
    const logo = /<div id="logo"[^>]*>(.*?)<\/div>/.exec(page)![1]!;
    expect(logo).toBe(`<a id="supvisors" class="${fsm === "CONCILIATION" ? "logo failure" : "logo"}" href="index.html">Flotilla</a><span id="version">0.1.0</span>`);
  }
});

test("branding: page titles name Flotilla (the version in the logo is Flotilla's), then the page", async () => {
  const d = dashboard(cluster());
  const titles = await Promise.all(PAGES.map(async (path) => /<title>([^<]*)<\/title>/.exec(await getText(d, path))![1]));
  expect(titles).toEqual(["Flotilla status", "Flotilla conciliation", "Flotilla Supervisor", "Flotilla host", "Flotilla web"]);
});

test("UI-04: the instance a page is about is `active`, the serving one `local` elsewhere", async () => {
  const d = dashboard(cluster());
  const alpha = /<li class="([^"]*)"><a[^>]*>(?:<span class="master-mark">[^<]*<\/span>)?<span>alpha<\/span>/;
  expect(alpha.exec(await getText(d, "/proc_instance.html"))![1]).toBe("RUNNING active master");
  expect(alpha.exec(await getText(d, "/host_instance.html"))![1]).toBe("RUNNING active master");
  for (const path of ["/index.html", "/conciliation.html", "/application.html?appname=web"]) {
    expect({ path, classes: alpha.exec(await getText(d, path))![1] }).toEqual({ path, classes: "RUNNING local master" });
  }
});

test("UI-05: application links are off in OFF only (on while synchronizing)", async () => {
  const sync = await getText(dashboard(cluster("SYNCHRONIZATION", { master: "" })), "/index.html");
  expect(sync).toContain('<a class="on" href="application.html?appname=web&amp;strategy=CONFIG">web</a>');
  const off = await getText(dashboard(cluster("OFF", { master: "" })), "/index.html");
  expect(off).toContain('<a class="off">web</a>');
});

test("UI-03: the footer's time box: the page's time in time.ctime form and the serving instance's nick", async () => {
  const deps = cluster();
  const d = dashboard(deps);
  const box = `<div id="time-box"><span id="page-time">${ctime(deps.wall / 1000)}</span> on <span id="served-by">alpha</span></div>`;
  for (const path of PAGES) expect({ path, box: (await getText(d, path)).includes(box) }).toEqual({ path, box: true });
});

test("UI-31: an uptime past a day reads as Python's timedelta (`48 days, 12:07:10`)", async () => {
  const deps = new FakeDeps({
    nicks: ["alpha", "beta"],
    fsm: "CONCILIATION",
    rules: `<application name="web"/>`,
    processes: { alpha: [proc("web", "front")], beta: [proc("web", "front")] },
  });
  const page = await getText(dashboard(deps), "/conciliation.html");
  // Started at 1 700 000 000, the instances' clocks read 1 704 190 830.
  expect(page).toContain('<td class="uptime">48 days, 12:07:10</td>');
});

test("UI-10: every page checks every common parameter (Supvisors' view context runs on all of them)", async () => {
  const d = dashboard(cluster());
  const expectations: [string, string][] = [
    ["/index.html?period=7", "Incorrect period: 7.0"],
    ["/conciliation.html?strategy=FASTEST", "Incorrect strategy: FASTEST"],
    ["/host_instance.html?appname=shop", "Incorrect appname: shop"],
    ["/index.html?namespec=web%3Anope", "Incorrect namespec: web:nope"],
    ["/index.html?ident=nowhere%3A1", "Incorrect ident: nowhere:1"],
    ["/application.html?appname=web&processname=web%3Afront&ident=" + encodeURIComponent(idOf("beta", 1)), "Incorrect processname: web:front"],
    ["/index.html?processname=web%3Afront&ident=" + encodeURIComponent(idOf("beta", 1)), "Incorrect processname: web:front"],
  ];
  for (const [path, text] of expectations) {
    expect({ path, shown: (await getText(d, path)).includes(`<span class="text">${text}</span>`) }).toEqual({ path, shown: true });
  }
  // The same parameters, valid, are no complaint.
  expect(await getText(d, `/index.html?period=10&strategy=LOCAL&appname=web&namespec=web%3A&processname=web%3Afront`)).toContain('<span class="text"></span>');
});

test("UI-45: every application of the Supervisor page links to its application page, managed or not, and that page answers", async () => {
  const d = dashboard(cluster());
  const page = await getText(d, "/proc_instance.html");
  expect(page).toContain('<a class="on" href="application.html?appname=tools">tools</a>');
  expect(page).toContain('<a class="on" href="application.html?appname=web">web</a>');
  expect((await get(d, "/application.html?appname=tools")).status).toBe(200);
});

test("UI-63: figures in get_small_value form (+0.00 for a tiny positive value)", async () => {
  const deps = cluster();
  deps.statsStore.addProcess({ namespec: "web:front", identifier: deps.localId, pid: 7, now_monotonic: 0, target_period: 10, period: [0, 10], cpu: 0.003, mem: 0 });
  const page = await getText(dashboard(deps), "/application.html?appname=web");
  expect(page).toMatch(/<td class="cpu"><a class="button on" href="[^"]*">\+0\.00<\/a><\/td><td class="mem"><a class="button on" href="[^"]*">0\.00<\/a><\/td>/);
});

test("UI-48/51: node is the instance's host_id; IP is that address when it is one, else the host's first address", () => {
  const deps = cluster();
  expect(instanceAddress(deps.state, deps.localId, { ipAddresses: ["192.168.1.9"] })).toEqual({ node: "10.0.0.1", ip: "10.0.0.1" });
  const named = { ...deps.state.instances.get(deps.localId)! };
  named.identity = { ...named.identity, host: "rocky51" };
  (deps.state.instances as Map<string, typeof named>).set(deps.localId, named);
  expect(instanceAddress(deps.state, deps.localId, { ipAddresses: ["192.168.1.9"] })).toEqual({ node: "rocky51", ip: "192.168.1.9" });
  expect(instanceAddress(deps.state, deps.localId, null)).toEqual({ node: "rocky51", ip: "" });
  expect(instanceAddress(deps.state, "unknown:9001", null)).toEqual({ node: "unknown", ip: "" });
});
