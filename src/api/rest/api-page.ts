// The browsable documentation at /api/: server-rendered HTML listing every route grouped by
// namespace, with its description, the XML-RPC call it makes, its parameters, and a small form to
// try it from the page. Written here rather than taken from Swagger UI: the binary embeds all it
// serves, and a ~2 MB UI bundle for one page is not worth it. Pure: documentation in, HTML out.

import { FLOTILLA_VERSION } from "../../version.ts";
import { API_PAGE_CSS, API_PAGE_SCRIPT } from "./api-page-assets.ts";
import { OPENAPI_PATH } from "./openapi.ts";
import type { ParamDoc, RouteDoc } from "./route-doc.ts";
import { NAMESPACES, type Converter } from "./route-model.ts";

export const API_PAGE_PATH = "/api/";

/** Calls that end or restart the daemon or the cluster: the page asks before sending them. */
const ASK_FIRST: ReadonlySet<string> = new Set(["supervisor.shutdown", "supervisor.restart", "supvisors.shutdown", "supvisors.restart"]);

const HTML_ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** @example escapeHtml('<a href="x">') // "&lt;a href=&quot;x&quot;&gt;" */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ENTITIES[ch]!);
}

/** The converter behind a path parameter, read back from the route. */
function converterOf(doc: RouteDoc, name: string): Converter | undefined {
  for (const source of doc.route.args) if (source.from === "path" && source.name === name) return source.converter;
  return undefined;
}

function field(doc: RouteDoc, p: ParamDoc): string {
  const label = (control: string) => `<label>${escapeHtml(p.name)}${control}</label>`;
  const common = `name="${escapeHtml(p.name)}" data-in="${p.in}"`;
  if (p.in === "query") {
    if (p.name === "wait") {
      return label(`<select ${common}><option value="">default (true)</option><option>true</option><option>false</option></select>`);
    }
    return label(`<input ${common} type="text" placeholder="(none)">`);
  }
  const converter = converterOf(doc, p.name);
  if (converter?.kind === "enum") {
    return label(`<select ${common} required>${converter.values.map((v) => `<option>${escapeHtml(v)}</option>`).join("")}</select>`);
  }
  const pattern =
    converter?.kind === "int" ? (converter.signed ? ' pattern="-?[0-9]+" inputmode="numeric"' : ' pattern="[0-9]+" inputmode="numeric"')
    : converter?.kind === "float" ? ' pattern="[0-9]+\\.[0-9]+" inputmode="decimal" placeholder="5.0"'
    : "";
  return label(`<input ${common} type="text" required${pattern}>`);
}

function paramTable(params: ParamDoc[]): string {
  if (params.length === 0) return "";
  const rows = params
    .map((p) => `<tr><th><code>${escapeHtml(p.name)}</code></th><td>${p.in}${p.required ? "" : ", optional"}</td><td>${escapeHtml(p.description)}</td></tr>`)
    .join("");
  return `<table><thead><tr><th>Parameter</th><th>In</th><th>Description</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function routeSection(doc: RouteDoc): string {
  const { route } = doc;
  const method = route.method.toLowerCase();
  const confirm = ASK_FIRST.has(route.rpc) ? ` data-confirm="${escapeHtml(`Really call ${route.rpc}?`)}"` : "";
  const returns = doc.returnsText !== "" ? `${doc.returns}: ${doc.returnsText}` : doc.returns;
  return `<details id="${escapeHtml(route.id)}">
<summary><span class="method ${method}">${route.method}</span><span class="path">${escapeHtml(route.template)}</span><span class="summary">${escapeHtml(doc.summary)}</span></summary>
<div class="body">
${doc.description !== doc.summary ? `<p>${escapeHtml(doc.description)}</p>\n` : ""}<p>Calls <code>${escapeHtml(doc.call)}</code>. Returns ${escapeHtml(returns)}.</p>
${paramTable(doc.params)}
<form class="try" data-method="${route.method}" data-template="${escapeHtml(route.template)}"${confirm}>
${doc.params.map((p) => field(doc, p)).join("\n")}
<button type="submit">Send ${route.method}</button>
<div class="answer" hidden><div class="status"></div><pre></pre></div>
</form>
</div>
</details>`;
}

const NAMESPACE_TITLES: Readonly<Record<(typeof NAMESPACES)[number], string>> = {
  system: "system — introspection",
  supervisor: "supervisor — this instance's processes and logs",
  supvisors: "supvisors — the cluster",
};

/**
 * The whole page; `nonce` authorises its inline style and script under the page's CSP.
 * @example renderApiPage(documentRoutes(REST_ROUTES, registry), crypto.randomUUID())
 */
export function renderApiPage(docs: RouteDoc[], nonce: string): string {
  const sections = NAMESPACES.filter((ns) => docs.some((d) => d.route.namespace === ns)).map((ns) => {
    const routes = docs.filter((d) => d.route.namespace === ns);
    return `<section id="${ns}"><h2>${escapeHtml(NAMESPACE_TITLES[ns])} <small>(${routes.length} routes)</small></h2>\n${routes.map(routeSection).join("\n")}</section>`;
  });
  const nav = NAMESPACES.filter((ns) => docs.some((d) => d.route.namespace === ns)).map((ns) => `<a href="#${ns}">${ns}</a>`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Flotilla REST API</title>
<style nonce="${nonce}">${API_PAGE_CSS}</style>
</head>
<body>
<h1>Flotilla REST API <small>${escapeHtml(FLOTILLA_VERSION)}</small></h1>
<p class="lead">Every XML-RPC method of this instance as a REST route, on this same port and with the same credentials.
Results are JSON; a fault answers 400 <code>{"message": faultString, "code": faultCode}</code>.
Read-only calls are GET, commands POST; optional arguments are the query parameters <code>wait</code> and <code>extra_args</code>.
Machine-readable description: <a href="${OPENAPI_PATH}">${OPENAPI_PATH}</a> (OpenAPI 3.1).</p>
<nav>${nav.join("")}</nav>
${sections.join("\n")}
<script nonce="${nonce}">${API_PAGE_SCRIPT}</script>
</body>
</html>
`;
}
