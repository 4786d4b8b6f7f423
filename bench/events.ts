// Event interface, end to end (issue 6): the time from a process state change to a subscriber
// holding the `event` message about it. Two compiled instances on localhost: n01 publishes through
// ZeroMQ (read by a libzmq SUB socket in python3-zmq, as Supvisors' Python client), n02 through a
// websocket (Bun's client). A process of n01 and one of n02 are started and stopped in turn with
// `supervisor.startProcess/stopProcess(name, false)` sent to their own instance; the state change
// (STARTING / STOPPING) happens while that request is served, so the figure runs from the moment
// the request leaves the client to the moment the subscriber reads the event — the local case
// (process on the publishing instance) and the remote one (one peer hop more).
//
//   npm run build && node_modules/.bin/bun bench/events.ts      (BENCH_RUNS=7: more runs)
//
// The transport throughput with 10 subscribers is bench/events-transport.ts.

import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { nickFor, supvisorsSection, FAST_TICKS, waitAllOperation } from "./lib/cluster.ts";
import { startDaemon, type RunningDaemon } from "./lib/daemon.ts";
import { standaloneContext } from "./lib/harness.ts";
import { machineDescription } from "./lib/machine.ts";
import { RpcClient } from "./lib/rpc.ts";
import { fmt, summarise } from "./lib/stats.ts";
import { markdownTable } from "./lib/table.ts";
import { configText, freePort, programName } from "./lib/workdir.ts";
import { epochMs, zmqSubscriber, wsSubscriber, type Subscriber } from "../test/integration/event-subscribers.ts";

/** State changes measured per run and per case (each a start or a stop). */
const CHANGES = 40;

interface Case {
  label: string;
  subscriber: Subscriber;
  /** The instance whose process changes state. */
  client: RpcClient;
  identifier: string;
  program: string;
}

async function distinctPorts(n: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < n) {
    const port = await freePort();
    if (!ports.includes(port)) ports.push(port);
  }
  return ports;
}

/** Milliseconds from each request to the subscriber's copy of its STARTING / STOPPING event. */
async function measure(c: Case): Promise<number[]> {
  const delays: number[] = [];
  for (let i = 0; i < CHANGES; i++) {
    const start = i % 2 === 0;
    const state = start ? 10 : 40;
    const seen = c.subscriber.events.length;
    const sent = epochMs();
    await c.client.call(start ? "supervisor.startProcess" : "supervisor.stopProcess", [c.program, false]);
    const received = await c.subscriber.waitFor(
      `${c.program} ${start ? "STARTING" : "STOPPING"} at the subscriber`,
      (e) => c.subscriber.events.indexOf(e) >= seen && e.header === "event" && e.body.identifier === c.identifier && e.body.name === c.program && e.body.state === state,
      10_000,
    );
    delays.push(received.at - sent);
    // The next change starts from a settled state.
    await c.subscriber.waitFor(`${c.program} settled`, (e) => c.subscriber.events.indexOf(e) >= seen && e.header === "event" && e.body.name === c.program && e.body.state === (start ? 20 : 0), 10_000);
  }
  return delays;
}

async function main(): Promise<void> {
  const { ctx, done } = standaloneContext();
  const daemons: RunningDaemon[] = [];
  const clients: RpcClient[] = [];
  try {
    const [http1, http2, event1, event2] = await distinctPorts(4);
    const httpPorts = [http1!, http2!];
    const eventPorts = [event1!, event2!];
    const list = httpPorts.map((port, i) => `<${nickFor(i)}>127.0.0.1:${port}`).join(",");
    const root = mkdtempSync(join(ctx.root, "events-"));
    for (const [i, port] of httpPorts.entries()) {
      const dir = join(root, nickFor(i));
      mkdirSync(join(dir, "logs"), { recursive: true });
      const conf = join(dir, "supervisord.conf");
      const events = `event_link = ${i === 0 ? "ZMQ" : "WS"}\nevent_port = ${eventPorts[i]}\nstats_enabled = false\n`;
      writeFileSync(conf, `${configText({ dir, port, programs: 1, autostart: false })}\n${supvisorsSection(list, FAST_TICKS)}${events}`);
      daemons.push(await startDaemon({ kind: "flotilla", binaries: ctx.binaries, configPath: conf, dir, port }));
      clients.push(new RpcClient(port, "keepalive"));
    }
    await waitAllOperation(httpPorts.map((port, i) => ({ nick: nickFor(i), port, daemon: daemons[i]! })), 30_000);
    const zmq = await zmqSubscriber(eventPorts[0]!);
    const ws = await wsSubscriber(eventPorts[1]!);
    await zmq.waitFor("first ZeroMQ message", () => true);
    const program = programName(0);
    const ids = httpPorts.map((port) => `127.0.0.1:${port}`);
    const cases: Case[] = [
      { label: "ZeroMQ, process on the publishing instance", subscriber: zmq, client: clients[0]!, identifier: ids[0]!, program },
      { label: "ZeroMQ, process on the peer (one hop)", subscriber: zmq, client: clients[1]!, identifier: ids[1]!, program },
      { label: "websocket, process on the publishing instance", subscriber: ws, client: clients[1]!, identifier: ids[1]!, program },
      { label: "websocket, process on the peer (one hop)", subscriber: ws, client: clients[0]!, identifier: ids[0]!, program },
    ];
    const perCase = new Map<string, number[]>(cases.map((c) => [c.label, []]));
    for (let run = 0; run < ctx.runs; run++) {
      for (const c of cases) {
        const delays = await measure(c);
        perCase.get(c.label)!.push(summarise(delays).median);
        ctx.log(`run ${run + 1}/${ctx.runs} ${c.label}: median ${fmt(summarise(delays).median, 2)} ms`);
      }
    }
    zmq.close();
    ws.close();
    const rows = cases.map((c) => {
      const s = summarise(perCase.get(c.label)!);
      return [c.label, `${fmt(s.median, 2)} ms`, `${fmt(s.min, 2)}–${fmt(s.max, 2)} ms`];
    });
    console.log(machineDescription(ctx.binaries, ctx.root).join("\n"));
    console.log(`\nState change → subscriber (${CHANGES} changes per run, median per run; median of ${ctx.runs} runs):\n`);
    console.log(markdownTable(["case", "median", "range of run medians"], rows));
  } finally {
    for (const client of clients) client.close();
    await Promise.allSettled(daemons.map((d) => d.stop()));
    done();
  }
}

await main();
