// Helpers of the Supervisor page and tail page tests: a FakeDeps whose XML-RPC answers describe
// local processes (getAllProcessInfo and get_all_local_process_info), a dashboard over it, GET /
// POST shortcuts, and a deadline-bound wait.

import { Faults, RpcFault } from "../../../src/api/faults.ts";
import type { XmlRpcValue } from "../../../src/api/xmlrpc/value.ts";
import { ProcessStates, type ProcessStateName } from "../../../src/process/states.ts";
import { createDashboard, type Dashboard } from "../../../src/web/index.ts";
import { FakeDeps, type FakeSpec } from "./fake-deps.ts";
import { readSse, type SseStream } from "./sse-reader.ts";
import { waitFor as sharedWaitFor } from "../../support/wait-for.ts";

export interface LocalSpec {
  group: string;
  name: string;
  state?: ProcessStateName;
  disabled?: boolean;
  stdout?: boolean;
  stderr?: boolean;
  expected?: boolean;
  description?: string;
}

export const HOST = "10.0.0.1:60000";

/** Installs the answers of the listings for `processes` (mutable: tests change it and emit). */
export function answerProcesses(deps: FakeDeps, processes: LocalSpec[]): void {
  deps.rpcAnswers["supervisor.getAllProcessInfo"] = () =>
    processes.map((p) => {
      const state = p.state ?? "RUNNING";
      return {
        name: p.name,
        group: p.group,
        state: ProcessStates[state],
        statename: state,
        description: p.description ?? (state === "RUNNING" ? "pid 1234, uptime 0:01:40" : "Not started"),
        pid: state === "RUNNING" ? 1234 : 0,
        stdout_logfile: p.stdout === false ? "" : `/tmp/${p.name}.log`,
        stderr_logfile: p.stderr ? `/tmp/${p.name}.err` : "",
      } as XmlRpcValue;
    });
  deps.rpcAnswers["supvisors.get_all_local_process_info"] = () =>
    processes.map((p) => ({
      name: p.name,
      group: p.group,
      disabled: p.disabled ?? false,
      has_stdout: p.stdout !== false,
      has_stderr: p.stderr ?? false,
      expected: p.expected ?? true,
    }));
  deps.rpcAnswers["supervisor.getPID"] = () => 4321;
}

export function fault(name: keyof typeof Faults, detail = ""): () => never {
  return () => {
    throw new RpcFault(Faults[name], detail);
  };
}

export function instanceDeps(processes: LocalSpec[], spec: Partial<FakeSpec> = {}): FakeDeps {
  const deps = new FakeDeps({ nicks: ["alpha", "beta"], ...spec });
  answerProcesses(deps, processes);
  return deps;
}

const open: Dashboard[] = [];

export function dashboard(deps: FakeDeps): Dashboard {
  // Followed logs are looked at every 5 ms: a test sees appended bytes at once.
  const d = createDashboard(deps, { liveIntervalMs: 0, tailPollMs: 5 });
  open.push(d);
  return d;
}

export function closeAll(): void {
  for (const d of open.splice(0)) d.close();
}

export async function get(d: Dashboard, path: string, headers: Record<string, string> = {}): Promise<Response> {
  const res = await d.handle(new Request(`http://${HOST}${path}`, { headers: { host: HOST, ...headers } }));
  if (res === null) throw new Error(`${path} not routed`);
  return res;
}

export async function getText(d: Dashboard, path: string): Promise<string> {
  const res = await get(d, path);
  if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
  return res.text();
}

export async function post(d: Dashboard, path: string, fields: Record<string, string>, htmx = true): Promise<Response> {
  const body = new URLSearchParams(fields).toString();
  const headers: Record<string, string> = { host: HOST, "content-type": "application/x-www-form-urlencoded" };
  if (htmx) headers["hx-request"] = "true";
  const res = await d.handle(new Request(`http://${HOST}${path}`, { method: "POST", body, headers }));
  if (res === null) throw new Error(`${path} not routed`);
  return res;
}

/** Resolves once `done()` holds; rejects after `timeoutMs`. */
export async function waitFor(done: () => boolean, timeoutMs = 3000, what = "condition"): Promise<void> {
  await sharedWaitFor(what, done, timeoutMs);
}

/** Reads an SSE body in the background (text as it arrives). */
export function readStream(res: Response): SseStream {
  return readSse(res, false);
}
