// The observer of a chaos run: a small Bun program started inside the bridge namespace (the only
// place from which every instance's address is reachable), given the instances as JSON in argv[2]:
//   {"nodes":[{"nick":"n1","url":"http://10.200.7.1:9001"}],"periodMs":100,"timeoutMs":1000}
// For each instance, independently (a frozen one delays nobody else), it asks every period one
// system.multicall of the Supvisors state, the Master, the instances, the applications and the
// instance's own processes (supervisor.getAllProcessInfo: what really runs there), and prints one
// JSON line per answer on stdout (see ObserverSample in observer.ts). It also runs commands read
// from stdin as JSON lines {"id":1,"nick":"n1","method":"supvisors.start_application","params":[...]}
// and prints {"type":"reply","id":1,"ok":true,"value":...}.

import { decodeResponse, encodeCall, type XmlRpcValue } from "../../../src/api/xmlrpc/codec.ts";

interface Target {
  nick: string;
  url: string;
}

interface Options {
  nodes: Target[];
  periodMs: number;
  timeoutMs: number;
}

const options = JSON.parse(process.argv[2] ?? "{}") as Options;

function emit(line: object): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

async function call(url: string, method: string, params: XmlRpcValue[], timeoutMs: number): Promise<XmlRpcValue> {
  const res = await fetch(`${url}/RPC2`, {
    method: "POST",
    headers: { "content-type": "text/xml" },
    body: encodeCall(method, params),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (res.status !== 200) throw new Error(`HTTP ${res.status} for ${method}`);
  return decodeResponse(await res.text());
}

const PROBES = [
  "supvisors.get_supvisors_state",
  "supvisors.get_master_identifier",
  "supvisors.get_all_instances_info",
  "supvisors.get_all_applications_info",
  "supervisor.getAllProcessInfo",
] as const;

type Struct = Record<string, unknown>;

/** A multicall entry's value (Supervisor's multicall gives it bare), or undefined when it is a fault. */
function entry(answer: unknown, i: number): unknown {
  const item = Array.isArray(answer) ? answer[i] : undefined;
  const fault = item !== null && typeof item === "object" && !Array.isArray(item) && "faultCode" in item;
  return fault ? undefined : item;
}

function sampleOf(nick: string, sent: number, answer: unknown): object {
  const state = entry(answer, 0) as Struct | undefined;
  const master = entry(answer, 1) as Struct | undefined;
  const instances = (entry(answer, 2) as Struct[] | undefined) ?? [];
  const apps = entry(answer, 3) as Struct[] | undefined;
  const local = (entry(answer, 4) as Struct[] | undefined) ?? [];
  return {
    type: "sample",
    nick,
    sent,
    t: Date.now(),
    ok: true,
    fsm: state?.fsm_statename ?? null,
    master: typeof master?.nick_identifier === "string" && master.nick_identifier !== "" ? master.nick_identifier : null,
    instances: Object.fromEntries(instances.map((i) => [String(i.nick_identifier), String(i.statename)])),
    apps: apps === undefined ? null : Object.fromEntries(apps.map((a) => [String(a.application_name), String(a.statename)])),
    // STOPPED processes are left out (most of them, most of the time): absent means STOPPED.
    local: Object.fromEntries(
      local.filter((p) => p.statename !== "STOPPED").map((p) => [`${String(p.group)}:${String(p.name)}`, String(p.statename)]),
    ),
  };
}

async function watch(target: Target): Promise<never> {
  const calls = PROBES.map((methodName) => ({ methodName, params: [] as XmlRpcValue[] }));
  for (;;) {
    const sent = Date.now();
    try {
      const answer = await call(target.url, "system.multicall", [calls], options.timeoutMs);
      emit(sampleOf(target.nick, sent, answer));
    } catch (err) {
      emit({ type: "sample", nick: target.nick, sent, t: Date.now(), ok: false, error: err instanceof Error ? err.message : String(err) });
    }
    // The sampling period, not a synchronisation: the next question goes one period after this one.
    const rest = sent + options.periodMs - Date.now();
    if (rest > 0) await new Promise((r) => setTimeout(r, rest));
  }
}

async function runCommand(line: string): Promise<void> {
  let id: unknown = null;
  try {
    const cmd = JSON.parse(line) as { id: number; nick: string; method: string; params?: XmlRpcValue[]; timeoutMs?: number };
    id = cmd.id;
    const target = options.nodes.find((n) => n.nick === cmd.nick);
    if (!target) throw new Error(`no instance ${cmd.nick}`);
    const value = await call(target.url, cmd.method, cmd.params ?? [], cmd.timeoutMs ?? 30_000);
    emit({ type: "reply", id, ok: true, value });
  } catch (err) {
    emit({ type: "reply", id, ok: false, error: err instanceof Error ? err.message : String(err) });
  }
}

for (const target of options.nodes) void watch(target);
emit({ type: "ready", t: Date.now() });
for await (const line of console) if (line.trim()) void runCommand(line);
// stdin closed: the test is over.
process.exit(0);
