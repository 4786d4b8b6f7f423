// The style sheet and the script of the /api/ page, inlined in the page (under a per-response CSP
// nonce) rather than embedded as files: together about 4 KB, against the ~2 MB a Swagger UI bundle
// would add to a binary that embeds everything it serves.
//
// The script sends one route's request from its form: path values URL-encoded into the template,
// non-empty query values appended, same-origin fetch (the browser adds the Basic credentials it
// already holds for this server), and the answer shown with its status, JSON pretty-printed.

export const API_PAGE_CSS = `
:root { color-scheme: light dark; --fg: #1d2430; --muted: #5b6575; --line: #d7dce3; --bg: #fff; --code: #f3f5f8;
  --get: #1f6f43; --post: #8a4b08; --bad: #a4262c; }
@media (prefers-color-scheme: dark) { :root { --fg: #e3e7ee; --muted: #9aa4b2; --line: #394150; --bg: #161a20; --code: #222831;
  --get: #6fd39b; --post: #f1b25b; --bad: #ff8a8f; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1rem 1.5rem 4rem; font: 15px/1.45 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
h1 { font-size: 1.5rem; margin: .5rem 0; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; padding-bottom: .25rem; border-bottom: 2px solid var(--line); }
p.lead { color: var(--muted); margin-top: 0; }
code, pre, .path { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .9em; }
code { background: var(--code); padding: 0 .25em; border-radius: 3px; }
nav a { margin-right: 1rem; }
details { border: 1px solid var(--line); border-radius: 6px; margin: .4rem 0; }
details[open] { padding-bottom: .6rem; }
summary { cursor: pointer; padding: .45rem .7rem; display: flex; gap: .7rem; align-items: baseline; flex-wrap: wrap; list-style: none; }
summary::-webkit-details-marker { display: none; }
summary::before { content: "▸"; color: var(--muted); width: .8rem; }
details[open] > summary::before { content: "▾"; }
summary .summary { color: var(--muted); flex: 1 1 18rem; }
.method { display: inline-block; min-width: 3.6rem; text-align: center; font-weight: 700; font-size: .8rem; border-radius: 4px;
  padding: .05rem .3rem; border: 1px solid currentColor; }
.method.get { color: var(--get); } .method.post { color: var(--post); }
.body { padding: 0 .9rem; }
.body p { margin: .4rem 0; white-space: pre-line; }
table { border-collapse: collapse; margin: .4rem 0; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem; border-top: 1px solid var(--line); }
th { font-weight: 600; white-space: nowrap; }
form.try { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; margin-top: .6rem; }
form.try label { display: flex; flex-direction: column; font-size: .85rem; color: var(--muted); }
form.try input, form.try select, form.try button { font: inherit; padding: .25rem .4rem; color: var(--fg); background: var(--bg);
  border: 1px solid var(--line); border-radius: 4px; }
form.try button { cursor: pointer; font-weight: 600; }
.answer { width: 100%; }
.answer .status { font-weight: 600; }
.answer .status.bad { color: var(--bad); }
.answer pre { background: var(--code); padding: .5rem .7rem; border-radius: 4px; overflow: auto; max-height: 24rem; margin: .3rem 0 0; }
`;

export const API_PAGE_SCRIPT = `
"use strict";
document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.classList.contains("try")) return;
  event.preventDefault();
  if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) return;
  let path = form.dataset.template;
  const query = new URLSearchParams();
  for (const field of form.querySelectorAll("[data-in]")) {
    if (field.dataset.in === "path") path = path.replace("{" + field.name + "}", encodeURIComponent(field.value));
    else if (field.value !== "") query.set(field.name, field.value);
  }
  const qs = query.toString();
  const url = path + (qs !== "" ? "?" + qs : "");
  const answer = form.querySelector(".answer");
  const status = answer.querySelector(".status");
  const shown = answer.querySelector("pre");
  answer.hidden = false;
  status.className = "status";
  status.textContent = form.dataset.method + " " + url + " …";
  shown.textContent = "";
  try {
    const res = await fetch(url, { method: form.dataset.method, headers: { Accept: "application/json" } });
    const text = await res.text();
    let pretty = text;
    try { pretty = JSON.stringify(JSON.parse(text), null, 2); } catch { /* not JSON: shown as is */ }
    status.textContent = form.dataset.method + " " + url + " → " + res.status + " " + res.statusText;
    if (!res.ok) status.classList.add("bad");
    shown.textContent = pretty;
  } catch (err) {
    status.textContent = form.dataset.method + " " + url + " → no answer";
    status.classList.add("bad");
    shown.textContent = String(err);
  }
});
`;
