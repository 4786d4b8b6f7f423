// The dashboard's figures (issue 5): server render time of the main and application pages with
// 1 000 processes over 10 instances, bytes sent to an open page per live update, and the time from
// a process state change to a real browser's DOM showing it (three compiled instances, Debian's
// chromium through playwright-core).
//
//   npm run build && node_modules/.bin/bun bench/web.ts        (BENCH_RUNS=N, default 7)

import * as os from "node:os";
import { createDashboard } from "../src/web/index.ts";
import { launchBrowser, browserMissing } from "../test/integration/browser.ts";
import { startCluster } from "../test/integration/cluster-fixture.ts";
import { FakeDeps, bigSpec, proc } from "../test/unit/web/fake-deps.ts";

const RUNS = Math.max(5, Number(process.env.BENCH_RUNS ?? 7));

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function fmt(values: number[], digits = 2): string {
  return `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;
}

/** Milliseconds per render of `path`, averaged over a batch, one figure per run. */
async function renderTimes(path: string): Promise<{ ms: number[]; bytes: number }> {
  const deps = new FakeDeps(bigSpec(10, 1000));
  const dashboard = createDashboard(deps);
  const batch = 50;
  let bytes = 0;
  const get = async () => {
    const res = (await dashboard.handle(new Request(`http://10.0.0.1:60000${path}`)))!;
    bytes = (await res.text()).length;
  };
  for (let i = 0; i < 20; i++) await get(); // warm-up: the JIT compiles the render path
  const ms: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) await get();
    ms.push((performance.now() - t0) / batch);
  }
  dashboard.close();
  return { ms, bytes };
}

/** Bytes of the SSE message an open main page gets when one process changes state. */
async function liveUpdateBytes(): Promise<number[]> {
  const deps = new FakeDeps(bigSpec(10, 1000));
  const dashboard = createDashboard(deps, { liveIntervalMs: 1 });
  const res = (await dashboard.handle(new Request("http://10.0.0.1:60000/events?page=index")))!;
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let received = "";
  const pump = (async () => {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) return;
      received += decoder.decode(chunk.value);
    }
  })();
  const settle = async () => {
    // Wait until nothing more arrives for 50 ms: the hub has sent what the change altered.
    let last = -1;
    while (last !== received.length) {
      last = received.length;
      await Bun.sleep(50);
    }
  };
  await settle(); // the first full set of regions
  const sizes: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const before = received.length;
    // p0, p20, p40… are processes of app0 on the first instance (bigSpec spreads them that way).
    deps.setProcess(0, proc("app0", `p${r * 20}`, "STOPPED"));
    await settle();
    sizes.push(new TextEncoder().encode(received.slice(before)).length);
  }
  dashboard.close();
  await pump.catch(() => undefined);
  return sizes;
}

/** Milliseconds from a process start request to the browser's DOM showing it on the main page. */
async function domLatency(): Promise<number[] | string> {
  const missing = browserMissing();
  if (missing) return missing;
  const cluster = await startCluster({
    name: "bench-web",
    nicks: ["alpha", "beta", "gamma"],
    rules: `<?xml version="1.0"?><root/>`,
    programs: () => `[program:probe]\ncommand=sleep 1000\nautostart=false\nstartsecs=0\n`,
  });
  const browser = await launchBrowser();
  try {
    await cluster.operation();
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${cluster.node("alpha").port}/index.html`);
    await page.waitForFunction("document.body.textContent.includes('OPERATION')");
    const beta = cluster.node("beta").rpc;
    const latencies: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      // A MutationObserver stamps the wall clock when the process appears (or disappears).
      const present = r % 2 === 0;
      await page.evaluate(`(() => {
        window.benchSeen = 0;
        const has = () => [...document.querySelectorAll('ul.processes a')].some((a) => a.textContent === 'probe');
        const obs = new MutationObserver(() => { if (has() === ${present}) { window.benchSeen = Date.now(); obs.disconnect(); } });
        obs.observe(document.body, { subtree: true, childList: true, characterData: true });
      })()`);
      const t0 = Date.now();
      await beta.call(present ? "supervisor.startProcess" : "supervisor.stopProcess", "probe", false);
      await page.waitForFunction("window.benchSeen > 0", undefined, { timeout: 10_000, polling: 10 });
      latencies.push(((await page.evaluate("window.benchSeen")) as number) - t0);
    }
    return latencies;
  } finally {
    await browser.close();
    await cluster.stop();
  }
}

const main = await renderTimes("/index.html");
const app = await renderTimes("/application.html?appname=app0");
const live = await liveUpdateBytes();
const dom = await domLatency();
console.log(`command   node_modules/.bin/bun bench/web.ts   (runs per figure: ${RUNS})`);
console.log(`machine   ${os.cpus()[0]?.model ?? "?"} ×${os.cpus().length}, ${os.type()} ${os.release()}, bun ${Bun.version}, load ${os.loadavg()[0]!.toFixed(2)}`);
console.log("| figure | median (min–max) |");
console.log("|:--|--:|");
console.log(`| main page render, 1 000 processes over 10 instances (${(main.bytes / 1024).toFixed(0)} KiB) | ${fmt(main.ms)} ms |`);
console.log(`| application page render, app0 of the same cluster (${(app.bytes / 1024).toFixed(0)} KiB) | ${fmt(app.ms)} ms |`);
console.log(`| bytes per live update (one process state change, main page) | ${fmt(live, 0)} B |`);
if (typeof dom === "string") console.log(`| state change → browser DOM | skipped: ${dom} |`);
else console.log(`| process start/stop on another instance → main page DOM in chromium | ${fmt(dom, 0)} ms |`);
