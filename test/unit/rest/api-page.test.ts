// The /api/ page: every route the instance answers listed under its namespace with a try-it form
// whose template, method and fields match the route; texts escaped; inline style and script
// allowed by the page's own CSP nonce and nothing loaded from elsewhere.

import { describe, expect, test } from "bun:test";
import { escapeHtml, renderApiPage } from "../../../src/api/rest/api-page.ts";
import { createRestApi, REST_ROUTES } from "../../../src/api/rest/index.ts";
import { documentRoutes } from "../../../src/api/rest/route-doc.ts";
import { RpcRegistry } from "../../../src/api/registry.ts";
import { fakeRegistry, restRequest } from "./fakes.ts";

async function servedPage(supvisors = true): Promise<{ html: string; res: Response }> {
  const { registry } = fakeRegistry({ supvisors });
  const res = (await createRestApi({ registry }).handle(restRequest("GET", "/api/")))!;
  return { html: await res.text(), res };
}

/** The forms of the page: method, template and the names of their fields in order. */
function forms(html: string): { method: string; template: string; fields: string[] }[] {
  return [...html.matchAll(/<form class="try" data-method="(\w+)" data-template="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)].map((m) => ({
    method: m[1]!,
    template: m[2]!,
    fields: [...m[3]!.matchAll(/name="([^"]+)" data-in="(path|query)"/g)].map((f) => `${f[2]}:${f[1]}`),
  }));
}

describe("the browsable page", () => {
  test("200 HTML with a CSP whose nonce is the one on the inline style and script", async () => {
    const { html, res } = await servedPage();
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    const csp = res.headers.get("Content-Security-Policy")!;
    const nonce = /script-src 'nonce-([0-9a-f]+)'/.exec(csp)![1]!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self'");
    expect(html).toContain(`<style nonce="${nonce}">`);
    expect(html).toContain(`<script nonce="${nonce}">`);
    // Everything is inline: no script, style or image is fetched from anywhere.
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+stylesheet|<img /);
  });

  test("each answer gets a fresh nonce", async () => {
    const a = (await servedPage()).res.headers.get("Content-Security-Policy");
    const b = (await servedPage()).res.headers.get("Content-Security-Policy");
    expect(a).not.toBe(b);
  });

  test("one form per route, with the route's method, template and parameters in order", async () => {
    const found = forms((await servedPage()).html);
    expect(found.length).toBe(REST_ROUTES.length);
    for (const route of REST_ROUTES) {
      const form = found.find((f) => f.template === route.template && f.method === route.method);
      const expected = route.args.flatMap((a) => (a.from === "fixed" ? [] : [`${a.from}:${a.name}`]));
      expect({ id: route.id, fields: form?.fields }).toEqual({ id: route.id, fields: expected });
    }
  });

  test("grouped by namespace, in order, with the namespaces' route counts", async () => {
    const { html } = await servedPage();
    const sections = [...html.matchAll(/<section id="(\w+)"><h2>[^<]*<small>\((\d+) routes\)<\/small>/g)].map((m) => [m[1], Number(m[2])]);
    const count = (ns: string) => REST_ROUTES.filter((r) => r.namespace === ns).length;
    expect(sections).toEqual([["system", count("system")], ["supervisor", count("supervisor")], ["supvisors", count("supvisors")]]);
  });

  test("choices for names, a decimal pattern for the float, a confirmation for shutdown and restart", async () => {
    const { html } = await servedPage();
    expect(html).toMatch(/<select name="strategy" data-in="path" required><option>SENICIDE<\/option>/);
    expect(html).toContain('pattern="[0-9]+\\.[0-9]+"');
    expect(html).toContain('data-template="/supervisor/shutdown" data-confirm="Really call supervisor.shutdown?"');
    expect(html).not.toContain('data-template="/supervisor/getState" data-confirm');
  });

  test("the page links the OpenAPI document", async () => {
    expect((await servedPage()).html).toContain('<a href="/openapi.json">/openapi.json</a>');
  });

  test("a plain supervisord's page has no supvisors section", async () => {
    const { html } = await servedPage(false);
    expect(html).not.toContain('<section id="supvisors">');
    expect(forms(html).length).toBe(REST_ROUTES.filter((r) => r.namespace !== "supvisors").length);
  });

  test("help texts are escaped", () => {
    const registry = new RpcRegistry();
    registry.register({ name: "supervisor.getState", params: [], returns: "struct", help: 'State <b>"bold"</b> & more.\n@return struct x', call: () => ({}) });
    const html = renderApiPage(documentRoutes(REST_ROUTES, registry), "n0nce");
    expect(html).toContain("State &lt;b&gt;&quot;bold&quot;&lt;/b&gt; &amp; more.");
    expect(html).not.toContain("<b>");
    expect(escapeHtml(`<'&">`)).toBe("&lt;&#39;&amp;&quot;&gt;");
  });
});
