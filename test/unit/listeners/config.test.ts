// `[eventlistener:x]` sections (CFG-EL-01..04): what a pool reads to, the fatal errors (each naming
// file, line and option), and reloadConfig's view of a changed pool.

import { afterAll, describe, expect, test } from "bun:test";
import { diffConfigs } from "../../../src/config/diff.ts";
import { header, load, loadError, TempDir } from "../config/helpers.ts";

const dir = new TempDir();
afterAll(() => dir.remove());
const file = () => `${dir.path}/supervisord.conf`;

describe("a listener pool", () => {
  test("defaults: pool priority -1, process priority 999, buffer_size 10, default handler", () => {
    const c = load(dir, `${header(dir)}[program:web]\ncommand=/bin/web\n[eventlistener:rec]\ncommand=/bin/rec\nevents=process_state,TICK_5,PROCESS_STATE\n`);
    expect(c.groups.map((g) => [g.name, g.priority])).toEqual([["rec", -1], ["web", 999]]);
    const rec = c.groups[0]!;
    expect(rec.listener).toEqual({
      events: ["PROCESS_STATE", "TICK_5"],
      bufferSize: 10,
      resultHandler: "supervisor.dispatchers:default_handler",
    });
    expect(rec.processes.map((p) => [p.name, p.priority, p.command])).toEqual([["rec", 999, "/bin/rec"]]);
    expect(c.groups[1]!.listener ?? null).toBeNull();
    expect(c.warnings).toEqual([]);
  });

  test("program options apply: numprocs, priority, stderr events; the default handler may be written", () => {
    const c = load(
      dir,
      `${header(dir)}[eventlistener:rec]\ncommand=/bin/rec %(process_num)d\nevents=EVENT\nnumprocs=2\n` +
        `process_name=%(program_name)s_%(process_num)d\npriority=5\nbuffer_size=1\nstderr_events_enabled=true\n` +
        `result_handler = supervisor.dispatchers:default_handler\n`,
    );
    const rec = c.groups[0]!;
    expect(rec.priority).toBe(5);
    expect(rec.listener!.bufferSize).toBe(1);
    expect(rec.processes.map((p) => [p.name, p.command, p.priority, p.stderr.eventsEnabled])).toEqual([
      ["rec_0", "/bin/rec 0", 5, true],
      ["rec_1", "/bin/rec 1", 5, true],
    ]);
  });

  test("stdout_capture_maxbytes is accepted but has no effect: a warning says so", () => {
    const c = load(dir, `${header(dir)}[eventlistener:rec]\ncommand=/bin/rec\nevents=TICK_60\nstdout_capture_maxbytes=1MB\n`);
    expect(c.warnings).toEqual([
      `[eventlistener:rec] (${file()}:4): stdout_capture_maxbytes has no effect for an event listener, whose stdout carries the listener protocol; remove it`,
    ]);
  });

  test("Supvisors' event types are known", () => {
    const c = load(dir, `${header(dir)}[eventlistener:rec]\ncommand=/bin/rec\nevents=PROCESS,process_added,PROCESS_DISABLED\n`);
    expect(c.groups[0]!.listener!.events).toEqual(["PROCESS", "PROCESS_ADDED", "PROCESS_DISABLED"]);
  });
});

describe("fatal errors name the file, line and option", () => {
  const pool = (lines: string) => `${header(dir)}[eventlistener:rec]\ncommand=/bin/rec\n${lines}`;

  test("no events line", () => {
    expect(loadError(dir, pool(""))).toBe(
      `${file()}:4: [eventlistener:rec] events: no events given: an event listener needs an events line naming the event types it receives, e.g. events = PROCESS_STATE,TICK_60`,
    );
    expect(loadError(dir, pool("events=\n"))).toStartWith(`${file()}:6: [eventlistener:rec] events: no events given`);
  });

  test("an unknown event type", () => {
    const message = loadError(dir, pool("events=TICK_5,tick_7\n"));
    expect(message).toStartWith(`${file()}:6: [eventlistener:rec] events: unknown event type 'tick_7'; the event types are EVENT, PROCESS_STATE, `);
    expect(message).toEndWith("PROCESS_ENABLED, PROCESS_DISABLED");
  });

  test("buffer_size below 1", () => {
    expect(loadError(dir, pool("events=TICK_5\nbuffer_size=0\n"))).toBe(
      `${file()}:7: [eventlistener:rec] buffer_size: buffer_size is 0, it must be at least 1: the pool queues that many events for its listeners; write e.g. buffer_size = 10`,
    );
    expect(loadError(dir, pool("events=TICK_5\nbuffer_size=ten\n"))).toStartWith(`${file()}:7: [eventlistener:rec] buffer_size: `);
  });

  test("a result handler other than the default one", () => {
    expect(loadError(dir, pool("events=TICK_5\nresult_handler=mymod:handler\n"))).toBe(
      `${file()}:7: [eventlistener:rec] result_handler: 'mymod:handler' cannot be used: Flotilla is one binary and cannot import ` +
        `Python code, so the only result handler is supervisor.dispatchers:default_handler (a listener's result "OK" accepts ` +
        `the event, anything else rejects it and the event is sent again); remove this line`,
    );
  });

  test("redirect_stderr=true", () => {
    expect(loadError(dir, pool("events=TICK_5\nredirect_stderr=true\n"))).toBe(
      `${file()}:7: [eventlistener:rec] redirect_stderr: redirect_stderr=true is not allowed for an event listener: its stdout ` +
        `carries the event listener protocol, which stderr output would corrupt; remove the line or set it to false`,
    );
  });

  test("checked in supervisord's order: buffer_size before events", () => {
    expect(loadError(dir, pool("events=NOPE\nbuffer_size=0\n"))).toContain("buffer_size is 0");
  });

  test("program errors still apply (numprocs without %(process_num))", () => {
    expect(loadError(dir, pool("events=TICK_5\nnumprocs=2\n"))).toContain("process_name must contain %(process_num)");
  });
});

describe("reloadConfig sees a changed pool", () => {
  const text = (events: string, extra = "") =>
    `${header(dir)}[eventlistener:rec]\ncommand=/bin/rec\nevents=${events}\n${extra}[program:web]\ncommand=/bin/web\n`;

  test("events, buffer_size changed; same events in another order are not a change", () => {
    const before = load(dir, text("TICK_5,PROCESS_STATE"));
    expect(diffConfigs(before, load(dir, text("PROCESS_STATE,TICK_5")))).toEqual({ added: [], changed: [], removed: [] });
    expect(diffConfigs(before, load(dir, text("TICK_5")))).toEqual({ added: [], changed: ["rec"], removed: [] });
    expect(diffConfigs(before, load(dir, text("TICK_5,PROCESS_STATE", "buffer_size=3\n")))).toEqual({ added: [], changed: ["rec"], removed: [] });
  });

  test("a program turned into a listener of the same name is a change", () => {
    const asProgram = load(dir, `${header(dir)}[program:rec]\ncommand=/bin/rec\npriority=-1\n`);
    const asListener = load(dir, `${header(dir)}[eventlistener:rec]\ncommand=/bin/rec\nevents=EVENT\n`);
    expect(diffConfigs(asProgram, asListener).changed).toEqual(["rec"]);
  });
});
