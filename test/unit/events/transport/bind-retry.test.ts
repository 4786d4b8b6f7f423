// The bind retry schedule with fake timers: first failure logged once as an error, later ones at
// debug level, a retry every retryMs until the bind works or stop() is called.

import { expect, test } from "bun:test";
import { BindRetry, type RetryTimers } from "../../../../src/events/transport/bind-retry.ts";

class FakeTimers implements RetryTimers {
  pending: Array<{ callback: () => void; ms: number; id: number }> = [];
  #next = 0;
  set(callback: () => void, ms: number): unknown {
    const id = ++this.#next;
    this.pending.push({ callback, ms, id });
    return id;
  }
  clear(handle: unknown): void {
    this.pending = this.pending.filter((timer) => timer.id !== handle);
  }
  /** Fires the one pending timer, checking its delay. */
  fire(expectedMs: number): void {
    expect(this.pending.length).toBe(1);
    const [timer] = this.pending.splice(0, 1);
    expect(timer.ms).toBe(expectedMs);
    timer.callback();
  }
}

function harness(failures: number) {
  const timers = new FakeTimers();
  const log: string[] = [];
  const bound: string[] = [];
  let calls = 0;
  const retry = new BindRetry({
    bind: () => {
      calls += 1;
      if (calls <= failures) throw new Error("EADDRINUSE");
      return `server#${calls}`;
    },
    retryMs: 1000,
    what: "websocket event publisher on 0.0.0.0:60001",
    log: (level, text) => log.push(`${level}: ${text}`),
    onBound: (server) => bound.push(server),
    timers,
  });
  return { retry, timers, log, bound };
}

test("bound at the first attempt: no retry, no log, onBound once", () => {
  const { retry, timers, log, bound } = harness(0);
  expect(retry.start()).toBe(true);
  expect(timers.pending).toEqual([]);
  expect(log).toEqual([]);
  expect(bound).toEqual(["server#1"]);
});

test("a busy port is retried every retryMs; one error line, then debug lines, then info when bound", () => {
  const { retry, timers, log, bound } = harness(3);
  expect(retry.start()).toBe(false);
  timers.fire(1000);
  timers.fire(1000);
  expect(bound).toEqual([]);
  timers.fire(1000);
  expect(bound).toEqual(["server#4"]);
  expect(retry.bound).toBe(true);
  expect(retry.attempts).toBe(4);
  expect(timers.pending).toEqual([]);
  expect(log).toEqual([
    "error: cannot bind websocket event publisher on 0.0.0.0:60001: EADDRINUSE; retrying every 1000 ms",
    "debug: bind attempt 2 of websocket event publisher on 0.0.0.0:60001 failed: EADDRINUSE",
    "debug: bind attempt 3 of websocket event publisher on 0.0.0.0:60001 failed: EADDRINUSE",
    "info: websocket event publisher on 0.0.0.0:60001 bound after 4 attempts",
  ]);
});

test("stop() cancels the pending retry and no attempt follows", () => {
  const { retry, timers, bound } = harness(1);
  retry.start();
  expect(timers.pending.length).toBe(1);
  const [pending] = timers.pending;
  retry.stop();
  expect(timers.pending).toEqual([]);
  // Even a timer that fired anyway (a race with clearTimeout) does nothing after stop().
  pending.callback();
  expect(retry.attempts).toBe(1);
  expect(bound).toEqual([]);
});
