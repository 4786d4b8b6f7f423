// The dashboard served by the compiled binary on three instances: the main page with every
// instance's card, an embedded asset, a plain-link action redirecting with its message, an htmx
// action answered in place, and a state change on one instance reaching an open event stream of
// another without polling.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startCluster, type Cluster } from "./cluster-fixture.ts";
import { waitFor } from "./harness.ts";

const RULES = `<?xml version="1.0" encoding="UTF-8"?>
<root><application name="demo"><programs><program pattern="work_"><identifiers>#</identifiers></program></programs></application></root>
`;

describe("dashboard on the compiled binary", () => {
  let cluster: Cluster;
  const base = (nick: string) => `http://127.0.0.1:${cluster.node(nick).port}`;

  beforeAll(async () => {
    cluster = await startCluster({
      name: "web",
      nicks: ["alpha", "beta", "gamma"],
      rules: RULES,
      programs: ({ nick }) => `
[program:work_${nick}]
command=sleep 1000
autostart=false
startsecs=0
`,
    });
    await cluster.operation();
  }, 60_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  test("GET /index.html: the dashboard with one card per instance and its assets", async () => {
    const res = await fetch(`${base("alpha")}/index.html`);
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain('sse-connect="/events?page=index"');
    for (const nick of ["alpha", "beta", "gamma"]) expect(body).toContain(`<span>${nick}</span>`);
    expect(body.match(/sse-swap="card-\d"/g)?.length).toBe(3);
    expect(body).toContain('on <span id="served-by">alpha</span></div>');
    const htmx = /"(\/_flotilla\/[0-9a-f]+\/htmx\.min\.js)"/.exec(body)![1]!;
    const asset = await fetch(`${base("alpha")}${htmx}`);
    expect(asset.headers.get("content-type")).toContain("javascript");
    expect((await asset.text()).length).toBeGreaterThan(10_000);
  });

  test("plain-link action redirects with the message; htmx action answers in place", async () => {
    const res = await fetch(`${base("beta")}/index.html?action=sup_sync`, { redirect: "manual" });
    expect(res.status).toBe(303);
    const location = new URLSearchParams((res.headers.get("location") ?? "").split("?")[1]);
    expect(location.get("gravity")).toBe("erro");
    expect(location.get("message")).toStartWith("end_synchro: code=101, text='BAD_SUPVISORS_STATE: invalid Supvisors state=OPERATION");
    const post = await fetch(`${base("beta")}/index.html`, {
      method: "POST",
      headers: { "HX-Request": "true", "Content-Type": "application/x-www-form-urlencoded" },
      body: "action=sup_sync",
    });
    const html = await post.text();
    expect(html).toStartWith('<div id="message" class="message erro"');
    expect(html).toContain('hx-swap-oob="innerHTML"');
  });

  test("a process started on gamma reaches alpha's event stream (pushed, not polled)", async () => {
    const controller = new AbortController();
    const res = await fetch(`${base("alpha")}/events?page=index`, { signal: controller.signal });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    const reading = (async () => {
      for (;;) {
        const chunk = await reader.read().catch(() => ({ done: true, value: undefined }));
        if (chunk.done) return;
        text += decoder.decode(chunk.value);
      }
    })();
    await waitFor("initial regions", () => text.includes("event: card-2"), 5000);
    text = "";
    await cluster.node("gamma").rpc.call("supervisor.startProcess", "work_gamma", false);
    // How fast is measured by bench/web.ts (change → DOM, docs/benchmarks.md); here it must come
    // by itself on the open stream, within a deadline a loaded machine keeps.
    await waitFor("gamma's card with work_gamma", () => /event: card-2\n(data: .*\n)*data: .*>work_gamma<\/a>/.test(text), 15_000);
    controller.abort();
    await reading;
  });
});
