// The application page rendered over fake dependencies: header (state, LED) for every application
// state, synthetic rows (state, conflict, running button, description rules, load, statistics),
// expansion per instance, invalid parameters, unknown application, and 1 000 processes.

import { expect, test } from "bun:test";
import { bigSpec, FakeDeps, idOf, proc } from "./fake-deps.ts";
import { dashboard, get, link, page } from "./application-helpers.ts";

const RULES = `<application name="web"><starting_strategy>LESS_LOADED</starting_strategy><programs><program name="front"><start_sequence>1</start_sequence><required>true</required><expected_loading>15</expected_loading></program></programs></application><application name="db"/>`;

function deps(processes: Record<string, readonly ReturnType<typeof proc>[]>): FakeDeps {
  const copy = Object.fromEntries(Object.entries(processes).map(([nick, list]) => [nick, [...list]]));
  return new FakeDeps({ nicks: ["alpha", "beta"], rules: RULES, processes: copy });
}

const rowOf = (body: string, name: string): string => {
  const match = body.match(new RegExp(`<tr class="process[^"]*">(?:(?!</tr>).)*?>${name}</(?:a|td)>(?:(?!</tr>).)*</tr>`));
  if (match === null) throw new Error(`no row for ${name} in\n${body}`);
  return match[0];
};

const STATES = [
  ["RUNNING", { alpha: [proc("web", "front", "RUNNING", { description: "pid 1234, uptime 0:01:40" }), proc("web", "back", "RUNNING")] }, "status_green"],
  ["STOPPED", { alpha: [proc("web", "front", "STOPPED"), proc("web", "back", "STOPPED")] }, "status_empty"],
  ["STARTING", { alpha: [proc("web", "front", "STARTING"), proc("web", "back", "STOPPED")] }, "status_empty"],
  // Green only while RUNNING (Supvisors' running()): a stopping application without failure has no light.
  ["STOPPING", { alpha: [proc("web", "front", "STOPPING"), proc("web", "back", "RUNNING")] }, "status_empty"],
] as const;

for (const [state, processes, led] of STATES) {
  test(`header in ${state}: name, state and LED ${led}`, async () => {
    const body = await page(dashboard(deps(processes)), "/application.html?appname=web");
    expect(body).toContain('<span id="application-name">web</span>');
    expect(body).toContain(`<span id="application-state" class="${state}">${state}</span>`);
    expect(body).toContain(`<span id="application-led" class="${led}"></span>`);
    // The menu marks the application shown.
    expect(body).toMatch(/<li class="[A-Z]+ active[^"]*"><a class="on" href="application.html\?appname=web&amp;strategy=LESS_LOADED">web<\/a><\/li>/);
  });
}

test("LED: red on a major failure (required FATAL), yellow on a minor one (optional FATAL)", async () => {
  const major = await page(dashboard(deps({ alpha: [proc("web", "front", "FATAL"), proc("web", "back", "RUNNING")] })), "/application.html?appname=web");
  expect(major).toContain('class="status_red"');
  const minor = await page(dashboard(deps({ alpha: [proc("web", "front", "RUNNING"), proc("web", "back", "FATAL")] })), "/application.html?appname=web");
  expect(minor).toContain('class="status_yellow"');
  expect(minor).toMatch(/<td class="state FATAL crashed"><span class="">FATAL<\/span><\/td>/);
});

test("strategy defaults to the application's own; the six strategies (Supvisors' labels) and the periods are offered", async () => {
  const body = await page(dashboard(deps({ alpha: [proc("web", "front")] })), "/application.html?appname=web");
  expect(body).toContain('<a class="button off active">LESS LOADED</a>');
  expect(body).toContain('strategy=MOST_LOADED_NODE&amp;period=10">MOST LOADED NODE</a>');
  for (const s of ["CONFIG", "MOST_LOADED", "LOCAL", "MOST_LOADED_NODE", "LESS_LOADED_NODE"]) expect(body).toContain(`strategy=${s}`);
  expect(body).toContain('<a class="button off active">10s</a>');
  expect(body).toContain("action=startapp");
  expect(body).toContain("action=stopapp");
  expect(body).toContain("action=restartapp");
});

test("invalid parameters: Supvisors' words in its order, defaults used; a pshex that does not fit is ignored silently", async () => {
  const d = dashboard(deps({ alpha: [proc("web", "front")] }));
  const body = await page(d, "/application.html?appname=web&strategy=FASTEST&period=7&pshex=zz&auto=maybe");
  expect(body).toContain('<span class="text">Incorrect strategy: FASTEST; auto is not a boolean-like: maybe; Incorrect period: 7.0</span>');
  expect(body).not.toContain("pshex: zz");
  expect(body).toContain('class="message erro"');
  expect(body).toContain('<a class="button off active">LESS LOADED</a>');
  expect(body).toContain('<a class="button off active">10s</a>');
  expect(body).not.toContain('http-equiv="refresh"');
});

test("unknown application: redirect to index.html with the error", async () => {
  const r = await link(dashboard(deps({ alpha: [proc("web", "front")] })), "/application.html?appname=nope");
  expect(r.status).toBe(303);
  expect(r.page).toBe("index.html");
  expect(r.query.get("message")).toBe("Unknown application: nope");
  expect(r.query.get("gravity")).toBe("erro");
});

test("running row: description on the nick, running button to its page, load, stats; actions by state", async () => {
  const d = deps({ beta: [proc("web", "front", "RUNNING", { description: "pid 42, uptime 0:00:10" })], alpha: [proc("web", "front", "STOPPED")] });
  d.statsStore.addProcess({ namespec: "web:front", identifier: idOf("beta", 1), pid: 42, now_monotonic: 1, target_period: 10, period: [0, 10], cpu: 50, mem: 3.14159 });
  d.statsStore.setFacts(idOf("beta", 1), { hostName: "b", ipAddresses: [], physicalCores: 2, logicalCores: 4, frequencyMhz: 0, totalMemoryBytes: 0 });
  const row = rowOf(await page(dashboard(d), "/application.html?appname=web"), "front");
  expect(row).toContain('<td class="description">pid 42, uptime 0:00:10 on beta</td>');
  expect(row).toContain(`<a class="button on" href="http://10.0.0.2:60001/proc_instance.html"><span>beta</span></a>`);
  expect(row).toContain('<td class="load">15</td>');
  // CPU divided by the 4 cores (not IRIX mode), two decimals.
  expect(row).toMatch(/<td class="cpu"><a class="button on" href="[^"]*">12\.50<\/a><\/td><td class="mem"><a class="button on" href="[^"]*">3\.14<\/a><\/td>/);
  expect(row).toContain(">Start</a>");
  expect(row).toMatch(/<a class="button off">Start<\/a>/);
  expect(row).toContain("action=stop&amp;namespec=web%3Afront");
  expect(row).toContain("action=restart&amp;namespec=web%3Afront");
  // Logs of the running instance, on that instance.
  expect(row).toContain('href="http://10.0.0.2:60001/tail.html?processname=web%3Afront&amp;limit=1024"');
  expect(row).toContain('href="http://10.0.0.2:60001/logtail/web%3Afront"');
  expect(row).toContain('href="http://10.0.0.2:60001/application.html?appname=web&amp;strategy=LESS_LOADED&amp;action=clearlog&amp;namespec=web%3Afront"');
});

test("conflict: state blinks, Conciliate button, description lists the nicks, no statistics", async () => {
  const d = deps({ alpha: [proc("web", "front")], beta: [proc("web", "front")] });
  const row = rowOf(await page(dashboard(d), "/application.html?appname=web"), "front");
  expect(row).toContain('<span class="blink">RUNNING</span>');
  expect(row).toContain('<a class="button on" href="conciliation.html"><span class="blink">Conciliate</span></a>');
  expect(row).toContain('<td class="description">conflict on alpha, beta</td>');
  expect(row).toContain('<td class="cpu">--</td><td class="mem">--</td>');
});

test("stopped rows: last stop's description, ` on nick` only once started; start only with a candidate", async () => {
  const d = deps({
    alpha: [proc("web", "front", "EXITED", { description: "Jan 02 10:00 AM", start: 100, stop: 200, expected: false }), proc("web", "back", "STOPPED", { description: "Not started" })],
    beta: [proc("web", "front", "STOPPED", { description: "older", start: 50, stop: 150 }), proc("web", "back", "STOPPED", { description: "Not started", disabled: true })],
  });
  const body = await page(dashboard(d), "/application.html?appname=web");
  const front = rowOf(body, "front");
  expect(front).toContain('<td class="description">Jan 02 10:00 AM on alpha</td>');
  expect(front).toContain('class="state FATAL crashed"');
  expect(front).toContain("action=start&amp;namespec=web%3Afront");
  const back = rowOf(body, "back");
  expect(back).toContain('<td class="description">Not started</td>');
  expect(back).toContain("action=start&amp;namespec=web%3Aback");
  // Disabled everywhere: no candidate instance, start off, state shown disabled.
  const disabled = deps({ alpha: [proc("web", "back", "STOPPED", { disabled: true })] });
  const off = rowOf(await page(dashboard(disabled), "/application.html?appname=web"), "back");
  expect(off).toContain('class="state STOPPED disabled"');
  expect(off).not.toContain("action=start&amp;");
  expect(off).toContain('<a class="button off">Start</a>');
});

test("pshex expands a process into one row per instance (actions off, logs on that instance)", async () => {
  const d = deps({ alpha: [proc("web", "back", "STOPPED"), proc("web", "front")], beta: [proc("web", "front", "STOPPED", { start: 10, description: "Not running" })] });
  const shrunk = await page(dashboard(d), "/application.html?appname=web");
  // Bits in sorted process order: back = bit 0, front = bit 1.
  expect(shrunk).toContain('pshex=02">[+]</a>');
  expect(shrunk).not.toContain('<tr class="instance');
  const body = await page(dashboard(d), "/application.html?appname=web&pshex=02");
  expect(body).toContain('<td class="shex" rowspan="3"><a class="on" href="application.html?appname=web&amp;strategy=LESS_LOADED&amp;period=10&amp;pshex=00">[\u2013]</a></td>');
  const instances = [...body.matchAll(/<tr class="instance[^"]*">(?:(?!<\/tr>).)*<\/tr>/g)].map((m) => m[0]);
  expect(instances.length).toBe(2);
  expect(instances[1]).toContain('<td class="description">Not running</td>');
  expect(instances[1]).toContain('<a class="button on" href="http://10.0.0.2:60001/proc_instance.html"><span>beta</span></a>');
  expect(instances[1]).toContain('href="http://10.0.0.2:60001/logtail/web%3Afront"');
  for (const row of instances) for (const label of ["Start", "Stop", "Restart"]) expect(row).toContain(`<a class="button off">${label}</a>`);
});

test("auto refresh: meta refresh and the Auto button active", async () => {
  const body = await page(dashboard(deps({ alpha: [proc("web", "front")] })), "/application.html?appname=web&auto=true");
  expect(body).toContain('<meta http-equiv="refresh" content="5">');
  expect(body).toContain('class="button on active"');
});

test("1 000 processes in one application render one row each", async () => {
  const spec = bigSpec(4, 1000, 1);
  const d = new FakeDeps(spec);
  const started = performance.now();
  const res = await get(dashboard(d), "/application.html?appname=app0");
  const body = await res.text();
  expect(res.status).toBe(200);
  expect(body.match(/<tr class="process/g)?.length).toBe(1000);
  expect(performance.now() - started).toBeLessThan(5000);
});
