// The dashboard in a real browser (Debian chromium through playwright-core), on a three-instance
// cluster: the main page shows every instance and a process started elsewhere appears without any
// reload (server-sent events); an application started from its page turns RUNNING in place; a
// process stopped from the Supervisor page; a log tail followed in the page; the host page draws its
// charts and lets go of those its pushes replace; a Supervisor page bookmarked on Supvisors (its
// `ashex` mask) opens with the same rows.
// Screenshots of each page go to docs/screenshots/. Without chromium the tests are skipped with
// the reason.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { browserMissing, launchBrowser } from "./browser.ts";
import { startCluster, type Cluster } from "./cluster-fixture.ts";
import { ROOT } from "./harness.ts";

const missing = browserMissing();
if (missing) console.warn(`web-browser: skipped — ${missing}`);

const RULES = `<?xml version="1.0" encoding="UTF-8"?>
<root><application name="shop"><start_sequence>1</start_sequence><programs>
  <program name="api"><start_sequence>1</start_sequence></program>
</programs></application></root>
`;

describe.skipIf(missing !== null)("the dashboard in chromium", () => {
  let cluster: Cluster;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    cluster = await startCluster({
      name: "browser",
      nicks: ["alpha", "beta", "gamma"],
      rules: RULES,
      programs: () => `
[group:shop]
programs=api

[program:api]
command=sleep 1000
autostart=false
startsecs=0

[program:solo]
command=sleep 1000
autostart=false
startsecs=0

[program:talker]
command=sh -c 'i=0; while :; do i=$((i+1)); echo "line $i"; sleep 0.2; done'
autostart=false
startsecs=0
`,
      supvisors: "stats_collecting_period = 1\nstats_periods = 1\nsoftware_name = Shop Demo",
    });
    await cluster.operation();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await cluster?.stop();
  });

  test("the main page shows the cluster state and every instance", async () => {
    await page.goto(`http://127.0.0.1:${cluster.node("alpha").port}/index.html`);
    // Page-side code as strings: the tests are type-checked without the DOM library.
    await page.waitForFunction("document.body.textContent.includes('OPERATION')", undefined, { timeout: 10_000 });
    for (const nick of ["alpha", "beta", "gamma"]) expect(await page.textContent("body")).toContain(nick);
    // The logo area (Flotilla and its version) and the user's software card first in the header.
    expect(await page.textContent("#logo")).toMatch(/^Flotilla\d+\.\d+\.\d+/);
    expect(await page.textContent("header > .card:first-child")).toBe("Shop Demo");
    // shop (start_sequence 1) was started by the Master in DISTRIBUTION: its card and the menu show it.
    await page.waitForFunction("[...document.querySelectorAll('ul.processes a')].some((a) => a.textContent === 'api')", undefined, { timeout: 10_000 });
    await page.screenshot({ path: join(ROOT, "docs/screenshots/index.png"), fullPage: true });
  });

  test("a process started on another instance appears without reload", async () => {
    // A marker that a reload would wipe out.
    await page.evaluate("window.flotillaMarker = 42");
    await cluster.node("beta").rpc.call("supervisor.startProcess", "solo", true);
    await page.waitForFunction("[...document.querySelectorAll('ul.processes a')].some((a) => a.textContent === 'solo')", undefined, {
      timeout: 5_000,
    });
    expect(await page.evaluate("window.flotillaMarker")).toBe(42);
  });

  test("an application started from its page turns RUNNING without reload", async () => {
    const alpha = cluster.node("alpha");
    await alpha.rpc.call("supvisors.stop_application", "shop", true);
    await page.goto(`http://127.0.0.1:${alpha.port}/application.html?appname=shop`);
    await page.waitForFunction("document.body.textContent.includes('STOPPED')", undefined, { timeout: 5_000 });
    await page.evaluate("window.flotillaMarker = 7");
    await page.click("#actions >> text=Start");
    await page.waitForFunction("[...document.querySelectorAll('tr.process td.state')].some((td) => td.textContent.includes('RUNNING'))", undefined, {
      timeout: 10_000,
    });
    expect(await page.evaluate("window.flotillaMarker")).toBe(7);
    await page.screenshot({ path: join(ROOT, "docs/screenshots/application.png"), fullPage: true });
  });

  test("a process stopped from the Supervisor page", async () => {
    const alpha = cluster.node("alpha");
    await page.goto(`http://127.0.0.1:${alpha.port}/proc_instance.html`);
    const row = "tr[data-namespec='shop:api']";
    await page.waitForSelector(`${row} td.state.RUNNING`, { timeout: 10_000 });
    await page.screenshot({ path: join(ROOT, "docs/screenshots/proc_instance.png"), fullPage: true });
    await page.click(`${row} >> text=Stop`);
    await page.waitForSelector(`${row} td.state.STOPPED`, { timeout: 10_000 });
    expect(((await alpha.rpc.call("supervisor.getProcessInfo", "shop:api")) as { statename: string }).statename).toBe("STOPPED");
  });

  test("a log tail followed in the page", async () => {
    const alpha = cluster.node("alpha");
    await alpha.rpc.call("supervisor.startProcess", "talker", true);
    await page.goto(`http://127.0.0.1:${alpha.port}/tail.html?processname=talker&limit=1024`);
    await page.waitForFunction("/line \\d+/.test(document.querySelector('pre').textContent)", undefined, { timeout: 5_000 });
    const lastLine = "Math.max(...[...document.querySelector('pre').textContent.matchAll(/line (\\d+)/g)].map((m) => Number(m[1])))";
    const first = (await page.evaluate(lastLine)) as number;
    // The talker writes a line every 0.2 s: later lines reach the page without reload.
    await page.waitForFunction(`${lastLine} >= ${first + 3}`, undefined, { timeout: 5_000 });
    await page.screenshot({ path: join(ROOT, "docs/screenshots/tail.png") });
  });

  test("the host page draws its charts", async () => {
    const alpha = cluster.node("alpha");
    await page.goto(`http://127.0.0.1:${alpha.port}/host_instance.html`);
    // Statistics every second over 1 s periods: the first figures come within a few seconds.
    await page.waitForFunction("document.querySelectorAll('[data-chart] canvas').length > 0", undefined, { timeout: 15_000, polling: 200 });
    await page.screenshot({ path: join(ROOT, "docs/screenshots/host_instance.png"), fullPage: true });
  });

  test("charts replaced by live pushes are let go: the plots alive are those on the page", async () => {
    const alpha = cluster.node("alpha");
    const counted = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      // Counts the plots uPlot makes and destroys (the page's own uPlot, wrapped as it is loaded).
      await counted.addInitScript(`(() => {
        let real;
        window.flotillaPlots = { made: 0, destroyed: 0 };
        Object.defineProperty(window, "uPlot", {
          configurable: true,
          get() { return real; },
          set(original) {
            real = function (opts, data, target) {
              const plot = new original(opts, data, target);
              window.flotillaPlots.made += 1;
              const destroy = plot.destroy;
              plot.destroy = function () { window.flotillaPlots.destroyed += 1; return destroy.apply(this, arguments); };
              return plot;
            };
          },
        });
      })();`);
      await counted.goto(`http://127.0.0.1:${alpha.port}/host_instance.html`);
      await counted.waitForFunction("document.querySelectorAll('[data-chart] canvas').length > 0", undefined, { timeout: 15_000, polling: 200 });
      const shown = (await counted.evaluate("document.querySelectorAll('[data-chart]').length")) as number;
      // New figures every second redraw every chart: wait for five rounds of them.
      await counted.waitForFunction(`window.flotillaPlots.made >= ${5 * shown}`, undefined, { timeout: 20_000, polling: 200 });
      const alive = (await counted.evaluate("window.flotillaPlots.made - window.flotillaPlots.destroyed")) as number;
      // At most the charts on the page and those of a push not yet settled.
      expect(alive).toBeLessThanOrEqual(2 * shown);
    } finally {
      await counted.close();
    }
  });

  test("a Supervisor page bookmarked on Supvisors: its ashex mask shrinks the same applications, [+] expands one", async () => {
    const alpha = cluster.node("alpha");
    // The cluster knows shop, solo and talker (sorted: bit 0, 1, 2): 0x06 keeps shop shrunk.
    await page.goto(`http://127.0.0.1:${alpha.port}/proc_instance.html?ashex=06&period=1.0&auto=0`);
    await page.waitForSelector("tr[data-application='shop']", { timeout: 5_000 });
    expect(await page.$("tr[data-namespec='shop:api']")).toBeNull();
    // The message box is the page's default one: the float period and the boolean-like auto are fine.
    expect(await page.textContent("#message .text")).toBe("The Supvisors rules do NOT apply here");
    await page.click("tr[data-application='shop'] a.shex");
    await page.waitForSelector("tr[data-namespec='shop:api']", { timeout: 5_000 });
    expect(new URL(page.url()).searchParams.get("ashex")).toBe("07");
  });

  test("an action link to another instance, followed from a page of the cluster, is carried out there", async () => {
    const alpha = cluster.node("alpha");
    const beta = cluster.node("beta");
    await page.goto(`http://127.0.0.1:${alpha.port}/index.html`);
    // Another port on the same host is "same-site" for the browser: the cross-site guard lets it
    // through because the link comes from an instance of the cluster (UI-32, UI-64 links).
    const target = `http://127.0.0.1:${beta.port}/proc_instance.html?action=clearlog&namespec=shop%3Aapi`;
    const [response] = await Promise.all([page.waitForNavigation(), page.evaluate(`location.href = ${JSON.stringify(target)}`)]);
    expect(response?.status()).toBe(200);
    expect(new URL(page.url()).port).toBe(String(beta.port));
  });
});
