// Events per second through the event transports with 10 subscribers (issue 6): Flotilla's ZeroMQ
// publisher (own ZMTP 3.1) to 10 python3-zmq SUB processes, its websocket publisher to 10 Bun
// WebSocket clients (one child Bun process), and, as the reference, libzmq's own PUB driven by
// python3-zmq (json.dumps per event, as Supvisors publishes) to the same 10 SUB processes.
//
// Each run starts a fresh publisher and fresh subscribers, warms up until every subscriber has
// received a `warmup` event, then publishes EVENTS `process` events (~400 bytes of JSON each) in
// batches of 200 with a yield to the event loop between batches. Every subscriber checks that it got
// exactly EVENTS, the last carrying the last sequence number. The rate is EVENTS over the time from
// the first publish to the last subscriber's last event. Publisher CPU is this process's CPU time
// over that interval (the subscribers run in other processes; for the reference, the python PUB
// process's, from /proc), and the subscribers' CPU is theirs, from /proc, summed: together they
// show which side bounds the rate. Median of RUNS (≥ 5) runs, with min–max; the three setups take
// turns within each run.
//
// Run: node_modules/.bin/bun bench/events-transport.ts   (BENCH_RUNS=7, BENCH_EVENTS=50000 optional)

import { cpus, loadavg, release, totalmem } from "node:os";
import { readFileSync } from "node:fs";
import { startWsPublisher } from "../src/events/transport/ws-publisher.ts";
import { startZmqPublisher } from "../src/events/transport/zmq-publisher.ts";
import type { BoundEventPublisher } from "../src/events/transport/publisher.ts";
import { markdownTable } from "./lib/table.ts";

const SUBSCRIBERS = 10;
const EVENTS = Number(process.env.BENCH_EVENTS ?? 50_000);
const RUNS = Math.max(5, Number(process.env.BENCH_RUNS ?? 5));
const BATCH = 200;
const PYTHON = "/usr/bin/python3";

/** A process event as Supvisors publishes it (EVT-14), about 400 bytes of JSON. */
function processEvent(seq: number): Record<string, unknown> {
  return {
    identifier: "rocky52:60000", nick_identifier: "rocky52", group: "scen3_internal_data_processing",
    name: `chart_view_${String(seq % 100).padStart(2, "0")}`, state: 20, now: 1_718_000_000.123456 + seq,
    now_monotonic: 18_234.567891 + seq, pid: 40_000 + (seq % 1000), expected: true,
    spawnerr: "", extra_args: "-x 3 --mode=batch --config /etc/scen3/processing.yaml", disabled: false,
    event_mtime: 18_234.612345 + seq, description: "pid 41234, uptime 0:12:31", seq,
  };
}

const PY_SUB = `
import json, sys, zmq
port, total, index = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
ctx = zmq.Context(); sub = ctx.socket(zmq.SUB); sub.setsockopt(zmq.RCVHWM, 0); sub.setsockopt(zmq.SUBSCRIBE, b"")
sub.connect("tcp://127.0.0.1:%d" % port)
count, ready = 0, False
while True:
    header, body = sub.recv_multipart()
    if header == b"warmup":
        if not ready:
            ready = True; print("ready", index, flush=True)
        continue
    count += 1
    if count == total:
        print("done", index, count, json.loads(body)["seq"], flush=True); break
# Stay until killed, so that the bench can read this process's CPU time in /proc.
sys.stdin.read()
`;

const PY_PUB = `
import json, sys, zmq
port, total = int(sys.argv[1]), int(sys.argv[2])
ctx = zmq.Context(); pub = ctx.socket(zmq.PUB); pub.setsockopt(zmq.SNDHWM, 0); pub.setsockopt(zmq.LINGER, 0)
pub.bind("tcp://127.0.0.1:%d" % port)
print("bound", flush=True)
for line in sys.stdin:
    if line.startswith("warmup"):
        pub.send_multipart([b"warmup", b"{}"])
    elif line.startswith("go"):
        base = json.loads(line[3:])
        for seq in range(total):
            base["seq"] = seq
            pub.send_multipart([b"process", json.dumps(base).encode()])
        print("sent", flush=True)
    elif line.startswith("exit"):
        break
pub.close(0); ctx.term()
`;

/** A child process whose stdout lines are collected, each with the time it was read. */
class Child {
  readonly lines: Array<{ text: string; at: number }> = [];
  readonly proc;
  constructor(argv: string[]) {
    this.proc = Bun.spawn(argv, { stdin: "pipe", stdout: "pipe", stderr: "inherit" });
    void this.#read();
  }
  async #read(): Promise<void> {
    const decoder = new TextDecoder();
    let pending = "";
    for await (const chunk of this.proc.stdout) {
      pending += decoder.decode(chunk, { stream: true });
      const parts = pending.split("\n");
      pending = parts.pop() ?? "";
      const at = performance.now();
      for (const text of parts) if (text.trim()) this.lines.push({ text, at });
    }
  }
  count(prefix: string): number {
    return this.lines.filter((line) => line.text.startsWith(prefix)).length;
  }
  write(text: string): void {
    this.proc.stdin.write(text);
    this.proc.stdin.flush();
  }
  async stop(): Promise<void> {
    this.proc.kill("SIGKILL");
    await this.proc.exited;
  }
}

async function until(what: string, check: () => boolean, timeoutMs = 60_000, tick?: () => void): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    tick?.();
    await Bun.sleep(5);
  }
}

interface Sample {
  rate: number;
  /** CPU time of the publishing process per event, µs. */
  cpuUsPerEvent: number;
  /** CPU time of all subscriber processes together per event, µs. */
  subscriberCpuUsPerEvent: number;
}

const TICK_S = 1 / Number(Bun.spawnSync(["getconf", "CLK_TCK"]).stdout.toString().trim() || "100");

/** User + system CPU seconds of a process so far, from /proc/<pid>/stat. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * TICK_S;
}

const cpuOf = (children: Child[]) => children.reduce((sum, c) => sum + cpuSeconds(c.proc.pid), 0);

/** Checks every subscriber's done line: exactly EVENTS received, the last with seq EVENTS - 1. */
function finish(children: Child[], t0: number): number {
  const done = children.flatMap((c) => c.lines.filter((line) => line.text.startsWith("done")));
  for (const line of done) {
    const [, , count, lastSeq] = line.text.split(" ");
    if (Number(count) !== EVENTS || Number(lastSeq) !== EVENTS - 1) throw new Error(`bad delivery: ${line.text}`);
  }
  return Math.max(...done.map((line) => line.at)) - t0;
}

async function runFlotilla(kind: "zmq" | "ws"): Promise<Sample> {
  const log = (level: string, text: string) => level === "warn" || level === "error" ? console.error(text) : undefined;
  const options = { host: "127.0.0.1", port: 0, log, maxQueuedBytes: 1 << 30 };
  const publisher: BoundEventPublisher = kind === "zmq" ? await startZmqPublisher(options) : await startWsPublisher(options);
  const children = kind === "zmq"
    ? Array.from({ length: SUBSCRIBERS }, (_, i) => new Child([PYTHON, "-c", PY_SUB, String(publisher.port), String(EVENTS), String(i)]))
    : [new Child([process.execPath, import.meta.path, "--ws-clients", String(publisher.port), String(SUBSCRIBERS), String(EVENTS)])];
  const readyCount = () => children.reduce((sum, c) => sum + c.count("ready"), 0);
  try {
    await until("subscribers ready", () => readyCount() === SUBSCRIBERS, 30_000, () => publisher.publish("warmup", {}));
    const subCpu0 = cpuOf(children);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let seq = 0; seq < EVENTS; seq += 1) {
      publisher.publish("process", processEvent(seq));
      if (seq % BATCH === BATCH - 1) await new Promise((resolve) => setImmediate(resolve));
    }
    await until("every event delivered", () => children.reduce((sum, c) => sum + c.count("done"), 0) === SUBSCRIBERS);
    const cpu = process.cpuUsage(cpu0);
    const subCpu = cpuOf(children) - subCpu0;
    const ms = finish(children, t0);
    return { rate: EVENTS / (ms / 1000), cpuUsPerEvent: (cpu.user + cpu.system) / EVENTS, subscriberCpuUsPerEvent: (subCpu * 1e6) / EVENTS };
  } finally {
    await Promise.all(children.map((c) => c.stop()));
    await publisher.close();
  }
}

async function runLibzmq(): Promise<Sample> {
  const port = await freePort();
  const pub = new Child([PYTHON, "-c", PY_PUB, String(port), String(EVENTS)]);
  await until("python PUB bound", () => pub.count("bound") === 1);
  const subs = Array.from({ length: SUBSCRIBERS }, (_, i) => new Child([PYTHON, "-c", PY_SUB, String(port), String(EVENTS), String(i)]));
  try {
    await until("subscribers ready", () => subs.reduce((sum, c) => sum + c.count("ready"), 0) === SUBSCRIBERS, 30_000, () => pub.write("warmup\n"));
    const base = processEvent(0);
    const subCpu0 = cpuOf(subs);
    const pubCpu0 = cpuOf([pub]);
    const t0 = performance.now();
    pub.write(`go ${JSON.stringify(base)}\n`);
    await until("every event delivered", () => subs.reduce((sum, c) => sum + c.count("done"), 0) === SUBSCRIBERS);
    const pubCpu = cpuOf([pub]) - pubCpu0;
    const subCpu = cpuOf(subs) - subCpu0;
    const ms = finish(subs, t0);
    return { rate: EVENTS / (ms / 1000), cpuUsPerEvent: (pubCpu * 1e6) / EVENTS, subscriberCpuUsPerEvent: (subCpu * 1e6) / EVENTS };
  } finally {
    await Promise.all([...subs, pub].map((c) => c.stop()));
  }
}

async function freePort(): Promise<number> {
  const server = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = server.port;
  server.stop(true);
  return port;
}

/** Child mode: SUBSCRIBERS WebSocket clients on /all, reporting like the python subscribers. */
async function wsClients(port: number, count: number, total: number): Promise<void> {
  for (let index = 0; index < count; index += 1) {
    let received = 0;
    let ready = false;
    const socket = new WebSocket(`ws://127.0.0.1:${port}/all`);
    socket.onmessage = (message) => {
      const text = String(message.data);
      if (text.startsWith('["warmup"')) {
        if (!ready) console.log(`ready ${index}`);
        ready = true;
        return;
      }
      received += 1;
      if (received === total) {
        const [, body] = JSON.parse(text) as [string, { seq: number }];
        console.log(`done ${index} ${received} ${body.seq}`);
        socket.close();
      }
    };
  }
  await new Promise(() => undefined);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function main(): Promise<void> {
  const setups: Array<[string, string, () => Promise<Sample>, number]> = [
    ["Flotilla ZeroMQ PUB (own ZMTP 3.1)", `${SUBSCRIBERS} python3-zmq SUB processes`, () => runFlotilla("zmq"), 2 + 7 + 2 + 9],
    ["Flotilla websocket (Bun.serve)", `${SUBSCRIBERS} Bun WebSocket clients`, () => runFlotilla("ws"), 4 + 12],
    ["reference: libzmq PUB from python3-zmq", `${SUBSCRIBERS} python3-zmq SUB processes`, runLibzmq, 2 + 7 + 2 + 9],
  ];
  const samples = setups.map(() => [] as Sample[]);
  for (let run = 0; run < RUNS; run += 1) {
    // Turn order rotates, so drift on the machine hits every setup alike.
    for (let k = 0; k < setups.length; k += 1) {
      const i = (run + k) % setups.length;
      const sample = await setups[i][2]();
      samples[i].push(sample);
      console.error(
        `run ${run + 1}/${RUNS} ${setups[i][0]}: ${Math.round(sample.rate)} events/s, CPU per event ${sample.cpuUsPerEvent.toFixed(1)} µs publisher, ${sample.subscriberCpuUsPerEvent.toFixed(1)} µs subscribers`,
      );
    }
  }
  const bodyBytes = JSON.stringify(processEvent(12_345)).length;
  const rows = setups.map(([name, subscribers, , overhead], i) => {
    const rates = samples[i].map((s) => s.rate);
    const spread = (values: number[]) => `${median(values).toFixed(1)} (${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)})`;
    return [
      name,
      subscribers,
      `${Math.round(median(rates))} (${Math.round(Math.min(...rates))}–${Math.round(Math.max(...rates))})`,
      `${Math.round(median(rates) * SUBSCRIBERS)}`,
      spread(samples[i].map((s) => s.cpuUsPerEvent)),
      spread(samples[i].map((s) => s.subscriberCpuUsPerEvent)),
      String(bodyBytes + overhead),
    ];
  });
  const model = /^model name\s*:\s*(.*)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? "unknown";
  console.log(`command: node_modules/.bin/bun bench/events-transport.ts (BENCH_RUNS=${RUNS}, BENCH_EVENTS=${EVENTS})`);
  console.log(`machine: ${cpus().length} × ${model}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, kernel ${release()}, Bun ${Bun.version}, load average after: ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  console.log(`body: ${bodyBytes} bytes of JSON per event; ${EVENTS} events per run; median of ${RUNS} runs (min–max)\n`);
  console.log(markdownTable(
    ["publisher", "subscribers", "events/s", "deliveries/s", "publisher CPU µs/event", "all subscribers' CPU µs/event", "bytes/event on the wire"],
    rows,
  ));
}

if (process.argv[2] === "--ws-clients") {
  await wsClients(Number(process.argv[3]), Number(process.argv[4]), Number(process.argv[5]));
} else {
  await main();
}
