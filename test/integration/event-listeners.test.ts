// Event listeners end to end (EVT-SUP-01..12): the compiled flotilla runs an `[eventlistener:x]`
// pool whose listener, a python3 script written to a temp dir, records every event it is sent.
// The scenario drives a start, a crash, a stop, log output with events enabled, capture mode,
// ticks (sped up with the test-only FLOTILLA_TEST_TICK_SPEEDUP), addProcessGroup /
// removeProcessGroup, sendRemoteCommEvent, a rejected event and a listener speaking garbage.
// The same scenario then runs on Debian's supervisord, and each process's events must be the
// same texts on both (pids and serials aside).

import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { XmlRpcTestClient } from "./rpc-client.ts";
import {
  cleanup,
  ctl,
  freePorts,
  missingClient,
  startDaemon,
  tempDir,
  waitFor,
  writeConfig,
  SUPERVISORCTL,
  SUPERVISORD,
  type DaemonHandle,
} from "./harness.ts";

setDefaultTimeout(30_000);

const canCompare = missingClient(SUPERVISORD, SUPERVISORCTL) === null && existsSync("/usr/bin/python3");

/** Records each envelope as JSON; answers FAIL once to an event whose payload ends with "fail-once". */
const LISTENER = `import json, os, sys
record = open(os.environ["REC_FILE"], "a", encoding="utf-8")
failed = set()
while True:
    sys.stdout.write("READY\\n")
    sys.stdout.flush()
    line = sys.stdin.readline()
    if not line:
        break
    headers = dict(item.split(":", 1) for item in line.split())
    payload = sys.stdin.read(int(headers["len"]))
    record.write(json.dumps({"header": line[:-1], "payload": payload}) + "\\n")
    record.flush()
    answer = "OK"
    if payload.endswith("fail-once") and headers["serial"] not in failed:
        failed.add(headers["serial"])
        answer = "FAIL"
    sys.stdout.write("RESULT %d\\n%s" % (len(answer), answer))
    sys.stdout.flush()
`;

const GARBAGE = `import sys, time
sys.stdout.write("HELLO\\n")
sys.stdout.flush()
time.sleep(1000)
`;

function writeScripts(dir: string): void {
  writeFileSync(join(dir, "listener.py"), LISTENER);
  writeFileSync(join(dir, "garbage.py"), GARBAGE);
  writeFileSync(join(dir, "logger.sh"), `#!/bin/sh\necho "hello out"\necho "hello err" >&2\nexec sleep 1000\n`, { mode: 0o755 });
  writeFileSync(
    join(dir, "capturer.sh"),
    `#!/bin/sh\nprintf '<!--XSUPERVISOR:BEGIN-->captured data<!--XSUPERVISOR:END-->'\nexec sleep 1000\n`,
    { mode: 0o755 },
  );
}

function body(dir: string): string {
  return `
[eventlistener:rec]
command=python3 ${dir}/listener.py
environment=REC_FILE="${dir}/events.jsonl",PYTHONIOENCODING="utf-8"
events=EVENT
buffer_size=200
startsecs=0
stderr_logfile=${dir}/rec-err.log

[eventlistener:garbage]
command=python3 ${dir}/garbage.py
events=REMOTE_COMMUNICATION
startsecs=0

[program:logger]
command=${dir}/logger.sh
stdout_events_enabled=true
stderr_events_enabled=true
startsecs=0

[program:capturer]
command=${dir}/capturer.sh
stdout_capture_maxbytes=1MB
startsecs=0

[program:crash]
command=sh -c "sleep 0.3; exit 3"
autorestart=false
startsecs=0
`;
}

interface Recorded {
  header: string;
  payload: string;
}

function recorded(dir: string): Recorded[] {
  const file = join(dir, "events.jsonl");
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Recorded);
}

const nameOf = (r: Recorded): string => /eventname:(\S+)/.exec(r.header)?.[1] ?? "?";

/** Waits until the listener recorded an event matching `pred`; returns it. */
function waitEvent(dir: string, what: string, pred: (r: Recorded) => boolean): Promise<Recorded> {
  return waitFor(what, () => recorded(dir).find(pred));
}

interface Run {
  handle: DaemonHandle;
  rpc: XmlRpcTestClient;
  pids: Record<string, number>;
}

/** The scenario, identical for both daemons. */
async function scenario(kind: DaemonHandle["kind"], env: Record<string, string> = {}): Promise<Run> {
  const dir = tempDir(`listeners-${kind}`);
  const [port] = await freePorts(1);
  writeScripts(dir);
  const conf = writeConfig({ dir, port: port!, body: body(dir) });
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  let handle: DaemonHandle;
  try {
    handle = await startDaemon(kind, conf, dir, port!);
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  const rpc = new XmlRpcTestClient(handle.url);
  const pids: Record<string, number> = {};
  const pidOf = async (name: string) => ((await rpc.call("supervisor.getProcessInfo", name)) as { pid: number }).pid;

  // Start-up: every program running, the crash over, log and capture output seen.
  await waitEvent(dir, "the crash", (r) => nameOf(r) === "PROCESS_STATE_EXITED" && r.payload.includes("processname:crash"));
  for (const name of ["logger", "capturer", "rec", "garbage"]) pids[name] = await pidOf(name);
  await waitEvent(dir, "the captured message", (r) => nameOf(r) === "PROCESS_COMMUNICATION_STDOUT");
  await waitEvent(dir, "stderr output", (r) => nameOf(r) === "PROCESS_LOG_STDERR");

  // A stop.
  await rpc.call("supervisor.stopProcess", "logger");
  // addProcessGroup / removeProcessGroup of a group the file gains.
  appendFileSync(conf, "\n[program:extra]\ncommand=sleep 100\nautostart=false\n");
  await rpc.call("supervisor.reloadConfig");
  await rpc.call("supervisor.addProcessGroup", "extra");
  await rpc.call("supervisor.removeProcessGroup", "extra");
  // Remote communication, once accepted, once rejected then sent again.
  await rpc.call("supervisor.sendRemoteCommEvent", "mytype", "my data é");
  await rpc.call("supervisor.sendRemoteCommEvent", "retry", "fail-once");
  await waitFor("the rejected event sent again", () => recorded(dir).filter((r) => r.payload.endsWith("fail-once")).length === 2);
  await waitEvent(dir, "the group removal", (r) => nameOf(r) === "PROCESS_GROUP_REMOVED");
  return { handle, rpc, pids };
}

let fl: Run;

beforeAll(async () => {
  fl = await scenario("flotilla", { FLOTILLA_TEST_TICK_SPEEDUP: "10" });
});

afterAll(async () => {
  await cleanup();
});

describe("a listener pool on flotilla", () => {
  const events = () => recorded(fl.handle.dir);
  const payloadsOf = (type: string) => events().filter((r) => nameOf(r) === type).map((r) => r.payload);

  test("the first events: groups added, daemon running, in serial order", () => {
    const first = events().slice(0, 5);
    expect(first.map((r) => r.header.replace(/ len:\d+/, ""))).toEqual([
      "ver:3.0 server:supervisor serial:0 pool:rec poolserial:0 eventname:PROCESS_GROUP_ADDED",
      "ver:3.0 server:supervisor serial:1 pool:rec poolserial:1 eventname:PROCESS_GROUP_ADDED",
      "ver:3.0 server:supervisor serial:2 pool:rec poolserial:2 eventname:PROCESS_GROUP_ADDED",
      "ver:3.0 server:supervisor serial:3 pool:rec poolserial:3 eventname:PROCESS_GROUP_ADDED",
      "ver:3.0 server:supervisor serial:4 pool:rec poolserial:4 eventname:SUPERVISOR_STATE_CHANGE_RUNNING",
    ]);
    // Listener pools first (priority -1), then by name. The pool subscribes as its group is
    // added: it hears itself and the groups after it, not `garbage` added before it.
    expect(first.slice(0, 4).map((r) => r.payload)).toEqual(["groupname:rec\n", "groupname:capturer\n", "groupname:crash\n", "groupname:logger\n"]);
    const serials = events().map((r) => Number(/ serial:(\d+)/.exec(r.header)![1]));
    const poolSerials = events().map((r) => Number(/poolserial:(\d+)/.exec(r.header)![1]));
    expect(serials).toEqual(poolSerials);
  });

  test("a crash: EXITED not expected, with the pid that ended", () => {
    const [exited] = payloadsOf("PROCESS_STATE_EXITED");
    expect(exited).toMatch(/^processname:crash groupname:crash from_state:RUNNING expected:0 pid:[1-9]\d*$/);
  });

  test("a start and a stop carry the pid", () => {
    const pid = fl.pids.logger;
    expect(payloadsOf("PROCESS_STATE_STARTING")).toContain("processname:logger groupname:logger from_state:STOPPED tries:0");
    expect(payloadsOf("PROCESS_STATE_RUNNING")).toContain(`processname:logger groupname:logger from_state:STARTING pid:${pid}`);
    expect(payloadsOf("PROCESS_STATE_STOPPING")).toEqual([`processname:logger groupname:logger from_state:RUNNING pid:${pid}`]);
    expect(payloadsOf("PROCESS_STATE_STOPPED")).toEqual([`processname:logger groupname:logger from_state:STOPPING pid:${pid}`]);
  });

  test("log output with events enabled, and a capture-mode communication", () => {
    const { logger, capturer } = fl.pids;
    expect(payloadsOf("PROCESS_LOG_STDOUT")).toEqual([`processname:logger groupname:logger pid:${logger} channel:stdout\nhello out\n`]);
    expect(payloadsOf("PROCESS_LOG_STDERR")).toEqual([`processname:logger groupname:logger pid:${logger} channel:stderr\nhello err\n`]);
    expect(payloadsOf("PROCESS_COMMUNICATION_STDOUT")).toEqual([`processname:capturer groupname:capturer pid:${capturer}\ncaptured data`]);
  });

  test("ticks: TICK_5 on multiples of 5 (sped up for the test)", async () => {
    const tick = await waitEvent(fl.handle.dir, "a TICK_5", (r) => nameOf(r) === "TICK_5");
    expect(tick.header).toMatch(/eventname:TICK_5 len:15$/);
    expect(Number(tick.payload.slice("when:".length)) % 5).toBe(0);
  });

  test("addProcessGroup / removeProcessGroup", () => {
    expect(payloadsOf("PROCESS_GROUP_ADDED")).toContain("groupname:extra\n");
    expect(payloadsOf("PROCESS_GROUP_REMOVED")).toEqual(["groupname:extra\n"]);
  });

  test("sendRemoteCommEvent: header len counts characters, as supervisord's does", () => {
    const mine = events().find((r) => r.payload === "type:mytype\nmy data é")!;
    expect(mine.header).toMatch(/eventname:REMOTE_COMMUNICATION len:21$/);
  });

  test("a listener answering FAIL gets the same event again", () => {
    const twice = events().filter((r) => r.payload === "type:retry\nfail-once");
    expect(twice.length).toBe(2);
    expect(twice[1]!.header).toBe(twice[0]!.header);
  });

  test("a listener speaking garbage is UNKNOWN to the pool, still RUNNING for supervisorctl", async () => {
    const log = await waitFor("the protocol warning", () => {
      const text = readFileSync(join(fl.handle.dir, "main.log"), "utf8");
      return text.includes("garbage: has entered the UNKNOWN state") ? text : null;
    });
    expect(log).toContain(
      "WARN garbage: has entered the UNKNOWN state and will no longer receive events, this usually indicates the process violated the eventlistener protocol",
    );
  });

  test("supervisorctl status shows the listener processes", () => {
    const out = ctl(fl.handle, "status");
    expect(out.stdout).toMatch(new RegExp(`^rec\\s+RUNNING\\s+pid ${fl.pids.rec}, uptime \\d+:\\d\\d:\\d\\d$`, "m"));
    expect(out.stdout).toMatch(new RegExp(`^garbage\\s+RUNNING\\s+pid ${fl.pids.garbage}, uptime `, "m"));
  });

  test("getAllProcessInfo lists the listener like any process", async () => {
    const all = (await fl.rpc.call("supervisor.getAllProcessInfo")) as { name: string; group: string; statename: string }[];
    expect(all.filter((p) => p.group === "rec").map((p) => [p.name, p.statename])).toEqual([["rec", "RUNNING"]]);
  });
});

describe.skipIf(!canCompare)("the same events as Debian's supervisord", () => {
  /**
   * Per process (or group, or remote type), its state events and its other events, pids and
   * serials taken out. Apart, because supervisord notices startsecs=0 on its next loop turn and
   * may read output first, where flotilla enters RUNNING at once.
   */
  function perSubject(events: Recorded[]): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const r of events) {
      const type = nameOf(r);
      if (type.startsWith("TICK") || type.startsWith("SUPERVISOR_STATE")) continue;
      const subject = /processname:(\S+)|groupname:(\S+)|type:(\S+)/.exec(r.payload)!.slice(1).find(Boolean)!;
      const len = /len:(\d+)/.exec(r.header)![1];
      const shown = `${type} ${r.payload.replace(/pid:\d+/g, "pid:P")}`;
      const key = `${subject} ${type.startsWith("PROCESS_STATE") ? "states" : "others"}`;
      (out[key] ??= []).push(`${shown} [len ${r.payload.includes("pid:") ? "-" : len}]`);
    }
    return out;
  }

  test("each process's events, group events and remote communications are the same texts", async () => {
    const sd = await scenario("supervisord");
    const mine = perSubject(recorded(fl.handle.dir));
    const theirs = perSubject(recorded(sd.handle.dir));
    const subjects = ["logger", "capturer", "crash", "extra", "mytype", "retry", "rec"].flatMap((s) => [`${s} states`, `${s} others`]);
    for (const subject of subjects) {
      expect({ subject, events: mine[subject] }).toEqual({ subject, events: theirs[subject] });
    }
    expect(mine["logger states"]!.length).toBe(4);
  });
});
