// Server-side rendering of the main and conciliation pages over fake dependencies: every FSM
// state, empty / small / 1 000-process clusters, menu classes, Master marks, software card,
// user CSS, assets and unrouted paths.

import { afterEach, expect, test } from "bun:test";
import { FSM_STATE_NAMES } from "../../../src/cluster/states.ts";
import { createDashboard, type Dashboard } from "../../../src/web/index.ts";
import { ctime } from "../../../src/web/py-text.ts";
import { bigSpec, FakeDeps, idOf, proc } from "./fake-deps.ts";

const open: Dashboard[] = [];
afterEach(() => {
  for (const d of open.splice(0)) d.close();
});

function dashboard(deps: FakeDeps): Dashboard {
  const d = createDashboard(deps);
  open.push(d);
  return d;
}

async function get(d: Dashboard, path: string, host = "10.0.0.1:60000"): Promise<Response> {
  const res = await d.handle(new Request(`http://${host}${path}`, { headers: { host } }));
  if (res === null) throw new Error(`${path} not routed`);
  return res;
}

const small = () =>
  new FakeDeps({
    nicks: ["alpha", "beta", "gamma"],
    rules: `<application name="web"/>`,
    processes: { alpha: [proc("web", "front"), proc("web", "back", "STOPPED")], beta: [proc("db", "db")], gamma: [] },
    states: { gamma: "STOPPED" },
  });

for (const fsm of FSM_STATE_NAMES) {
  test(`main page renders in ${fsm}`, async () => {
    const deps = new FakeDeps({ nicks: ["alpha", "beta"], fsm });
    const res = await get(dashboard(deps), "/index.html");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const body = await res.text();
    expect(body).toMatch(new RegExp(`id="state-name"[^>]*>${fsm}<`));
    expect(body).toContain('sse-connect="/events?page=index"');
  });
}

test("CONCILIATION with a conflict: state links to the conciliation page, blinking >>, logo in failure still linking to index.html", async () => {
  const deps = new FakeDeps({
    nicks: ["alpha", "beta"],
    fsm: "CONCILIATION",
    rules: `<application name="web"/>`,
    processes: { alpha: [proc("web", "front")], beta: [proc("web", "front")] },
  });
  const body = await (await get(dashboard(deps), "/index.html")).text();
  expect(body).toContain('<a id="state-name" class="on blink" href="conciliation.html">CONCILIATION &gt;&gt;</a>');
  // UI-05: the logo always leads to the main page; CONCILIATION turns it to failure style.
  expect(body).toContain('<a id="supvisors" class="logo failure" href="index.html">Flotilla</a>');
  // The process in conflict blinks in both cards.
  expect(body.match(/class="on blink" href="[^"]*proc_instance.html\?processname=web%3Afront/g)?.length).toBe(2);
  const conc = await (await get(dashboard(deps), "/conciliation.html")).text();
  expect(conc).toContain('<td class="namespec" rowspan="2">web:front</td>');
  expect(conc).toContain("action=pstop");
  expect(conc).toContain("action=pkeep");
  for (const s of ["Senicide", "Infanticide", "Stop", "Restart", "Running Failure"]) expect(conc).toContain(`>${s}</a>`);
  expect(conc).not.toContain(">User</a>");
});

test("conciliation page without conflicts says so", async () => {
  const body = await (await get(dashboard(small()), "/conciliation.html")).text();
  expect(body).toContain("No conflict");
});

test("menu: state classes, Master mark, failure light, blinking jobs, links only for active instances", async () => {
  const deps = new FakeDeps({
    nicks: ["alpha", "beta", "gamma"],
    states: { gamma: "ISOLATED" },
    processes: { beta: [proc("db", "db", "FATAL")] },
    jobs: { beta: { starting: true } },
  });
  const body = await (await get(dashboard(deps), "/index.html")).text();
  // The serving instance is `local` in the menu of the main pages (`active` is for the instance a page is about).
  expect(body).toContain(`<li class="RUNNING local master"><a class="on" href="proc_instance.html"><span class="master-mark">\u272A</span><span>alpha</span></a></li>`);
  expect(body).toContain(`<li class="RUNNING failure"><a class="blink on" href="http://10.0.0.2:60001/proc_instance.html"><span>beta</span></a></li>`);
  expect(body).toContain(`<li class="ISOLATED"><a class="off"><span>gamma</span></a></li>`);
  expect(body).toContain('<span id="starting" class="mode blink">starting</span>');
  expect(body).toContain('<span id="master-name">alpha</span>');
});

test("instance cards: running processes grouped by application, managed application links, load and clock", async () => {
  const body = await (await get(dashboard(small()), "/index.html")).text();
  expect(body).toContain(`href="application.html?appname=web&amp;ident=${encodeURIComponent(idOf("alpha", 0))}&amp;strategy=CONFIG">web</a>`);
  expect(body).toContain(">front</a>");
  expect(body).not.toContain(">back</a>"); // stopped: not in the card
  expect(body).toContain("<span>db</span>"); // unmanaged application: no link
  expect(body).toContain('href="http://10.0.0.2:60001/proc_instance.html?processname=db&amp;ident=');
  expect(body).toContain('<th class="load">0%</th>');
  expect(body).toMatch(/<th class="time">\d\d:\d\d:\d\d<\/th>/);
  // STOPPED instance: no clock (Supvisors' --:--:--), no link; the serving instance's nick is `active`.
  expect(body).toContain('<a class="off">gamma</a></th><th class="STOPPED">STOPPED</th><th class="time">--:--:--</th>');
  expect(body).toContain('<th class="nick"><a class="on active" href="index.html">\u272A alpha</a></th>');
});

test("end-sync stars only with USER in SYNCHRONIZATION and no Master, active for RUNNING instances", async () => {
  const deps = new FakeDeps({ nicks: ["alpha", "beta"], fsm: "SYNCHRONIZATION", master: "", synchroOptions: ["USER"], states: { beta: "CHECKING" } });
  const body = await (await get(dashboard(deps), "/index.html")).text();
  expect(body).toContain(`index.html?action=sup_master_sync&amp;ident=${encodeURIComponent(idOf("alpha", 0))}`);
  expect(body.match(/<th class="star">/g)?.length).toBe(2);
  const without = await (await get(dashboard(small()), "/index.html")).text();
  expect(without).not.toContain('<th class="star">');
});

test("an empty cluster (local instance only, no process) renders", async () => {
  const body = await (await get(dashboard(new FakeDeps({ nicks: ["solo"], fsm: "OFF", master: "" })), "/")).text();
  expect(body).toContain('<span id="master-name">none</span>');
  expect(body).toContain('<div id="time-box"><span id="page-time">Tue Jan  2 10:20:30 2024</span> on <span id="served-by">solo</span></div>'.replace("Tue Jan  2 10:20:30 2024", ctime(Date.UTC(2024, 0, 2, 10, 20, 30) / 1000)));
});

test("1 000 processes over 10 instances: every running process is listed", async () => {
  const deps = new FakeDeps(bigSpec(10, 1000));
  const body = await (await get(dashboard(deps), "/index.html")).text();
  expect(body.match(/proc_instance.html\?processname=/g)?.length).toBe(1000);
  expect(body.match(/sse-swap="card-\d+"/g)?.length).toBe(10);
});

test("message and gravity parameters show in the footer; invalid parameters give an error", async () => {
  const d = dashboard(small());
  const body = await (await get(d, "/index.html?message=Hello%20%3Cb%3E&gravity=warn")).text();
  expect(body).toContain('<div id="message" class="message warn" role="status"><span class="text">Hello &lt;b&gt;</span>');
  const bad = await (await get(d, "/index.html?auto=maybe")).text();
  expect(bad).toContain('class="message erro"');
  expect(bad).toContain('<span class="text">auto is not a boolean-like: maybe</span>');
  const auto = await (await get(d, "/index.html?auto=true")).text();
  expect(auto).toContain('<meta http-equiv="refresh" content="5">');
});

test("software card, icon route and user CSS after ours", async () => {
  const deps = new FakeDeps({ nicks: ["alpha"], softwareName: "My <Soft>", softwareIcon: "/icons/soft.png", cssFiles: ["/css/a.css", "/css/missing.css"] });
  deps.readFile = (path: string) => {
    if (path === "/icons/soft.png") return new Uint8Array([137, 80, 78, 71]);
    if (path === "/css/a.css") return new TextEncoder().encode("body { color: red; }");
    throw new Error("ENOENT");
  };
  const d = dashboard(deps);
  expect(d.warnings).toEqual(["css_files: cannot read /css/missing.css: ENOENT"]);
  const body = await (await get(d, "/index.html")).text();
  expect(body).toContain('<span id="software-name">My &lt;Soft&gt;</span>');
  expect(body).toContain('<img id="software-icon" src="software_icon.png"');
  expect(body.indexOf("dashboard.css")).toBeLessThan(body.indexOf("body { color: red; }"));
  const icon = await get(d, "/software_icon.png");
  expect(icon.headers.get("content-type")).toBe("image/png");
  expect(new Uint8Array(await icon.arrayBuffer())).toEqual(new Uint8Array([137, 80, 78, 71]));
});

test("no software option: no software card, no icon route", async () => {
  const d = dashboard(small());
  expect(await (await get(d, "/index.html")).text()).not.toContain('id="software"');
  expect(await d.handle(new Request("http://h/software_icon.png"))).toBeNull();
});

test("embedded assets: content types and long cache; unknown paths are not ours", async () => {
  const d = dashboard(small());
  const body = await (await get(d, "/index.html")).text();
  for (const [name, type] of [
    ["htmx.min.js", "text/javascript"],
    ["sse.min.js", "text/javascript"],
    ["dashboard.css", "text/css"],
  ] as const) {
    const url = new RegExp(`"(/_flotilla/[0-9a-f]{12}/${name.replace(".", "\\.")})"`).exec(body)?.[1];
    expect(url).toBeDefined();
    const res = await get(d, url!);
    expect(res.headers.get("content-type")).toContain(type);
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(100);
  }
  expect(await d.handle(new Request("http://h/nothing.html"))).toBeNull();
  expect(await d.handle(new Request("http://h/_flotilla/000000000000/htmx.min.js"))).toBeNull();
});
