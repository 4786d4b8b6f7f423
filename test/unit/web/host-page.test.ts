// The host statistics page over a filled StatsStore: node characteristics, CPU (average and per
// core, `cpuid`), memory, network per interface (`nic`), disk I/O per device and usage per mount
// (`diskstats`, `device`, `partition`), statistics widgets, invalid parameters, header actions
// through deps.rpc, and the live stream when new figures arrive.

import { expect, test } from "bun:test";
import type { HostStatsEvent } from "../../../src/stats/types.ts";
import { FakeDeps, idOf } from "./fake-deps.ts";
import { connect, dashboard, htmx, link, page } from "./application-helpers.ts";

function hostEvent(i: number, cpu: number[]): HostStatsEvent {
  return {
    identifier: idOf("alpha", 0),
    now_monotonic: 100 + 10 * i,
    target_period: 10,
    period: [10 * i, 10 * (i + 1)],
    cpu,
    mem: 40 + i,
    net_io: { eth0: [100 + i, 200 + i], lo: [1, 2] },
    disk_io: { sda: [300 + i, 400 + i] },
    disk_usage: { "/": 55.5, "/home": 12.25 },
  };
}

function filled(): FakeDeps {
  const deps = new FakeDeps({ nicks: ["alpha", "beta"] });
  for (let i = 0; i < 3; i++) deps.statsStore.addHost(hostEvent(i, [10 + i, 5 + i, 15 + i]));
  deps.statsStore.setFacts(idOf("alpha", 0), { hostName: "alpha-host", ipAddresses: ["10.0.0.1"], physicalCores: 1, logicalCores: 2, frequencyMhz: 2394.6, totalMemoryBytes: 25276510208 });
  return deps;
}

/** The HTML of one card, up to the next card. */
const card = (body: string, id: string): string => {
  const start = body.indexOf(`<div id="${id}"`);
  if (start < 0) throw new Error(`no ${id} in\n${body}`);
  const next = body.slice(start + 1).search(/<div id="(?:node|cpu|mem|net|disk)-card"/);
  return next < 0 ? body.slice(start) : body.slice(start, start + 1 + next);
};

test("node characteristics: node, IP, processors physical / logical, frequency, memory", async () => {
  const body = await page(dashboard(filled()), "/host_instance.html");
  expect(body).toContain('<td id="node-name">10.0.0.1</td>');
  expect(body).toContain('<td id="node-ip">10.0.0.1</td>');
  expect(body).toContain('<td id="node-processors">1 / 2</td>');
  expect(body).toContain('<td id="node-frequency">2395 MHz</td>');
  expect(body).toContain('<td id="node-memory">23.54 GiB</td>');
  // The header: the serving instance, the view switch back to its processes, its actions.
  expect(body).toContain('<span id="instance-nick">\u272A alpha</span>');
  expect(body).toContain('href="proc_instance.html?period=10">Processes</a>');
  for (const action of ["stopall", "restartsup", "shutdownsup"]) expect(body).toContain(`action=${action}`);
});

test("UI-50: the header status is the Supervisor page's: Master mark, nick, state, discovery and blinking modes", async () => {
  const deps = new FakeDeps({ nicks: ["alpha", "beta"], discoveryMode: true, jobs: { alpha: { starting: true, stopping: true } } });
  const body = await page(dashboard(deps), "/host_instance.html");
  expect(body).toContain(
    '<span id="instance-nick">\u272A alpha</span><span id="instance-state" class="RUNNING">RUNNING</span><span id="discovery" class="mode">discovery</span><span id="starting" class="mode blink">starting</span><span id="stopping" class="mode blink">stopping</span>',
  );
});

/** The chart title of a card (the series its rows selected). */
const chartTitle = (html: string): string => /&quot;title&quot;:&quot;([^&]*)&quot;/.exec(html)![1]!;

test("CPU card: cpu#all and one row per core, each with its four figures (UI-12, as Supvisors' table); cpuid selects the plotted series", async () => {
  const d = dashboard(filled());
  const body = await page(d, "/host_instance.html");
  const cpu = card(body, "cpu-card");
  // 10, 11, 12 over windows ending at 10, 20, 30 s: mean 11, slope 0.1/s × 10 s, stddev √(2/3).
  expect(cpu).toContain('>cpu#all</a></td><td class="value increase">12.00 \u2197</td><td class="unit">%</td><td class="mean">11.00</td><td class="slope">1.00</td><td class="stddev">0.82</td>');
  expect(cpu).toMatch(/>cpu#0<\/a><\/td><td class="value increase">7.00 /);
  expect(cpu).toMatch(/>cpu#1<\/a><\/td><td class="value increase">17.00 /);
  expect(chartTitle(cpu)).toBe("cpu#all");
  // The rows carry the figures: the chart comes alone.
  expect(cpu).not.toContain('class="stats-figures"');
  expect(cpu).toContain('&quot;values&quot;:[10,11,12]');
  const core = card(await page(d, "/host_instance.html?cpuid=2"), "cpu-card");
  expect(chartTitle(core)).toBe("cpu#1");
  expect(core).toContain('&quot;values&quot;:[15,16,17]');
  expect(core).toMatch(/<tr class="selected"><td><a class="button on active" href="host_instance.html\?period=10&amp;cpuid=2[^"]*">cpu#1<\/a>/);
});

test("memory and network cards: used %, Rx / Tx per interface in kbits/s, nic selects", async () => {
  const d = dashboard(filled());
  const body = await page(d, "/host_instance.html");
  expect(card(body, "mem-card")).toContain('<td>Used</td><td class="value increase">42.00 \u2197</td><td class="unit">%</td><td class="mean">41.00</td>');
  const net = card(body, "net-card");
  expect(net).toMatch(/>eth0 Rx<\/a><\/td><td class="value increase">102.00 \u2197<\/td><td class="unit">kbits\/s</);
  expect(net).toMatch(/>eth0 Tx<\/a><\/td><td class="value increase">202.00 /);
  // A constant series is stable (↝).
  expect(net).toMatch(/>lo Rx<\/a><\/td><td class="value stable">1.00 \u219D</);
  expect(net).toContain("&quot;title&quot;:&quot;eth0 Rx&quot;");
  const lo = card(await page(d, "/host_instance.html?nic=lo"), "net-card");
  expect(lo).toContain("&quot;title&quot;:&quot;lo Tx&quot;");
  expect(lo).toContain('&quot;values&quot;:[2,2,2]');
});

test("disk card: I/O per device by default, usage per mount with diskstats=usage", async () => {
  const d = dashboard(filled());
  const io = card(await page(d, "/host_instance.html"), "disk-card");
  expect(io).toContain("<h3>Disk I/O</h3>");
  expect(io).toMatch(/>sda R<\/a><\/td><td class="value increase">302.00 \u2197<\/td><td class="unit">kbits\/s/);
  expect(io).toContain("&quot;title&quot;:&quot;sda W&quot;");
  const usage = card(await page(d, "/host_instance.html?diskstats=usage&partition=%2Fhome"), "disk-card");
  expect(usage).toContain("<h3>Disk usage</h3>");
  expect(usage).toMatch(/>\/<\/a><\/td><td class="value stable">55.50 \u219D<\/td><td class="unit">%/);
  expect(usage).toContain("&quot;title&quot;:&quot;/home&quot;");
  expect(usage).toContain('&quot;values&quot;:[12.25,12.25,12.25]');
});

test("invalid parameters: Supvisors' words, in its order (period, cpuid, nic, diskstats, partition, device), defaults used", async () => {
  const body = await page(dashboard(filled()), "/host_instance.html?cpuid=9&nic=wlan0&diskstats=both&device=sdz&partition=%2Fnope&period=3");
  expect(body).toContain('<span class="text">Incorrect period: 3.0; Incorrect cpuid: 9; Incorrect nic: wlan0; Incorrect diskstats: both; Incorrect partition: /nope; Incorrect device: sdz</span>');
  expect(body).toContain('class="message erro"');
  expect(chartTitle(card(body, "cpu-card"))).toBe("cpu#all");
  expect(chartTitle(card(body, "net-card"))).toBe("eth0 Rx");
  const words = await page(dashboard(filled()), "/host_instance.html?cpuid=one&period=ten");
  expect(words).toContain('<span class="text">period is not a float: ten; cpuid is not an integer: one</span>');
  // Python's int() and float() forms are read as the original reads them.
  const python = await page(dashboard(filled()), "/host_instance.html?cpuid=%2B2&period=1_0.0");
  expect(python).toContain('<span class="text"></span>');
  expect(chartTitle(card(python, "cpu-card"))).toBe("cpu#1");
});

test("no figures yet, and host statistics disabled", async () => {
  const deps = new FakeDeps({ nicks: ["alpha"] });
  const d = dashboard(deps);
  expect(await page(d, "/host_instance.html")).toContain("No statistics for period 10s yet");
  expect(await page(d, "/host_instance.html")).toContain("Characteristics not known yet");
  deps.statsStatus = { hostStats: false, processStats: true, collectingPeriod: 5 };
  expect(await page(d, "/host_instance.html")).toContain("Host statistics are disabled on this instance");
});

test("header actions go through deps.rpc like the Supervisor page, keeping the view", async () => {
  const deps = filled();
  deps.rpcAnswers["supervisor.stopAllProcesses"] = () => [];
  deps.rpcAnswers["supervisor.restart"] = () => true;
  deps.rpcAnswers["supervisor.shutdown"] = () => true;
  const d = dashboard(deps);
  const r = await link(d, "/host_instance.html?cpuid=1&action=stopall");
  expect(r.status).toBe(303);
  expect(r.page).toBe("host_instance.html");
  expect(r.query.get("cpuid")).toBe("1");
  expect(r.query.get("message")).toStartWith("All stopped at ");
  expect((await link(d, "/host_instance.html?action=restartsup")).query.get("message")).toBe("Supervisor restart requested");
  const out = await htmx(d, "/host_instance.html", { action: "shutdownsup" });
  expect(out).toContain("Supervisor shutdown requested");
  expect(out).toContain('<div id="host-contents" hx-swap-oob="innerHTML">');
  expect(deps.rpcCalls.map((c) => c.method)).toEqual(["supervisor.stopAllProcesses", "supervisor.restart", "supervisor.shutdown"]);
  // A process action of the Supervisor page is not one of this page's.
  expect((await link(d, "/host_instance.html?action=start&namespec=x")).query.get("message")).toBe("Unknown action: start");
});

test("live: new figures reach an open page once per collecting period", async () => {
  const deps = filled();
  deps.statsStatus = { hostStats: true, processStats: true, collectingPeriod: 0.05 };
  const d = dashboard(deps);
  const stream = await connect(d, "/host_instance.events?period=10");
  await stream.waitFor("the contents", (t) => t.includes("event: host-contents"));
  stream.reset();
  // Figures arrive without any change notification: the period's look finds them.
  deps.statsStore.addHost(hostEvent(3, [99, 98, 97]));
  await stream.waitFor("the new figures", (t) => t.includes("event: host-contents") && t.includes("99.00"));
  expect(stream.text()).not.toContain("event: instances");
  await stream.cancel();
});
