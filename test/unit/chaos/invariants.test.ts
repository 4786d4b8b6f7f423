// The chaos invariants on hand-made records: each one holds on a sound run and reports the
// violation it exists for (so a chaos test that passes has really been checked), and false losses
// are judged at the time of the fault.

import { describe, expect, test } from "bun:test";
import type { FaultEvent } from "../../integration/chaos/cluster.ts";
import { applicationsKept, copiesAtMost, noDuplicates, noFalseLoss, requiredRunning, singleMaster } from "../../integration/chaos/invariants.ts";
import { parseLog, transitionsIn, type LogTransition } from "../../integration/chaos/logs.ts";
import type { ObserverSample } from "../../integration/chaos/observer.ts";
import { Timeline } from "../../integration/chaos/timeline.ts";

const NICKS = ["n1", "n2", "n3"];
const ALL_RUNNING = { n1: "RUNNING", n2: "RUNNING", n3: "RUNNING" };

function sample(nick: string, t: number, over: Partial<ObserverSample> = {}): ObserverSample {
  return { type: "sample", nick, sent: t - 5, t, ok: true, fsm: "OPERATION", master: "n1", instances: ALL_RUNNING, apps: { app: "RUNNING" }, local: {}, ...over };
}

/** One sample per instance every 100 ms from 0 to `until`, shaped by `at`. */
function run(until: number, at: (nick: string, t: number) => Partial<ObserverSample>, faults: FaultEvent[] = [], transitions: LogTransition[] = []): Timeline {
  const samples: ObserverSample[] = [];
  for (let t = 0; t <= until; t += 100) for (const nick of NICKS) samples.push(sample(nick, t + NICKS.indexOf(nick), at(nick, t)));
  return new Timeline({ t0: 0, nicks: NICKS, samples, faults, transitions });
}

describe("singleMaster", () => {
  test("holds when all name one Master; a disagreement is forgiven within the grace only", () => {
    expect(singleMaster(run(3000, () => ({})), 500)).toEqual([]);
    const split = (from: number, to: number) => run(3000, (nick, t) => (nick === "n3" && t >= from && t < to ? { master: "n3" } : {}));
    expect(singleMaster(split(1000, 1300), 500)).toEqual([]);
    const v = singleMaster(split(1000, 2500), 500);
    expect(v).toHaveLength(1);
    expect(v[0]!.detail).toContain("n3 name n3");
  });

  test("two sides of a partition may each have their Master", () => {
    const faults: FaultEvent[] = [
      { t: 500, kind: "partition", nicks: NICKS, detail: "n1+n2 | n3" },
      { t: 2500, kind: "heal", nicks: NICKS },
    ];
    const tl = run(3000, (nick, t) => (nick === "n3" && t >= 800 && t < 2500 ? { master: "n3" } : {}), faults);
    expect(singleMaster(tl, 500)).toEqual([]);
  });
});

describe("process copies", () => {
  const on: Record<string, string> = { "g:p": "RUNNING" };
  const off: Record<string, string> = {};
  const twice = (from: number, to: number) => run(3000, (nick, t) => ({ local: nick === "n1" || (nick === "n2" && t >= from && t < to) ? on : off }));

  test("a conflict shorter than the conciliation time is fine, a longer one is reported", () => {
    expect(noDuplicates(twice(1000, 1400), 1000)).toEqual([]);
    const v = noDuplicates(twice(1000, 2600), 1000);
    expect(v.map((x) => x.detail)).toEqual(["g:p RUNNING on n1 and n2 for more than 1000 ms"]);
  });

  test("a third copy is reported at once", () => {
    const tl = run(1000, (nick, t) => ({ local: nick !== "n3" || t === 500 ? on : off }));
    expect(copiesAtMost(tl, 2).map((v) => [v.at, v.nicks])).toEqual([[502, ["n1", "n2", "n3"]]]);
  });

  test("a required process on no live instance beyond the grace is reported", () => {
    const tl = run(3000, (nick, t) => ({ local: nick === "n2" && (t < 1000 || t >= 2500) ? on : off }));
    expect(requiredRunning(tl, ["g:p"], 2000)).toEqual([]);
    expect(requiredRunning(tl, ["g:p"], 1000)).toHaveLength(1);
  });
});

test("applicationsKept names the application that stopped running", () => {
  const tl = run(2000, (_, t) => ({ apps: { app: t < 1000 ? "RUNNING" : "STOPPED", other: "RUNNING" } }));
  expect(applicationsKept(tl, 500, 1500).map((v) => v.detail)).toEqual(["app was RUNNING (n1), is STOPPED (n1)"]);
});

describe("noFalseLoss", () => {
  const log = (text: string) => transitionsIn(parseLog(text, "n1"), (id) => ({ "10.0.0.2:9001": "n2", "10.0.0.3:9001": "n3" })[id] ?? id);
  const at = (ms: number) => {
    const d = new Date(ms);
    const p = (n: number, w = 2) => String(n).padStart(w, "0");
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())},${p(d.getMilliseconds(), 3)}`;
  };
  const base = new Date(2026, 0, 1, 12, 0, 0, 0).getTime();

  test("a loss logged while no fault touches either instance is false; during a pause it is not", () => {
    const transitions = log(
      [`${at(base + 1000)};WARN;instance 10.0.0.2:9001 is FAILED (no tick)`, `${at(base + 5000)};WARN;instance 10.0.0.3:9001 is FAILED (no tick)`].join("\n"),
    );
    const faults: FaultEvent[] = [
      { t: base + 4500, kind: "pause", nicks: ["n3"] },
      { t: base + 7500, kind: "resume", nicks: ["n3"] },
    ];
    const tl = new Timeline({ t0: base, nicks: NICKS, samples: [], faults, transitions });
    expect(noFalseLoss(tl, 2000).map((v) => v.detail)).toEqual(["n1 logged n2 FAILED (no tick)"]);
  });

  test("a sampled RUNNING → FAILED counts, unless the viewer was just relaunched", () => {
    const lost = run(1000, (nick, t) => (nick === "n1" && t === 500 ? { instances: { ...ALL_RUNNING, n2: "FAILED" } } : {}));
    expect(noFalseLoss(lost, 2000).map((v) => v.detail)).toEqual(["n1 reports n2 FAILED (sample)"]);
    const relaunched = run(
      1000,
      (nick, t) => (nick === "n1" && t === 500 ? { instances: { n1: "RUNNING", n2: "STOPPED", n3: "STOPPED" } } : {}),
      [{ t: -100_000, kind: "crash", nicks: ["n1"] }, { t: 450, kind: "start", nicks: ["n1"] }],
    );
    expect(noFalseLoss(relaunched, 0)).toEqual([]);
  });
});
