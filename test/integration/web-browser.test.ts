// The dashboard in a real browser (Debian chromium through playwright-core): the main page of a
// three-instance cluster shows every instance, and a process started on another instance appears
// in the page without any reload (server-sent events). Screenshots go to docs/screenshots/.
// Without chromium the tests are skipped with the reason.

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
`,
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
});
