// `flotilla ctl --json` for supervisorctl's process and configuration commands (CTL-SUP-01..06,
// 10..15): the document each gives (server answers filtered as text mode filters them, one
// outcome per target for actions), each with the exit status of text mode.

import { describe, expect, test } from "bun:test";
import { Faults, RpcFault } from "../../../src/api/faults.ts";
import { fakeServer, info, result } from "./fake-client.ts";
import { jsonLikeText } from "./json-helper.ts";
import { GA, GB, INFOS, SLEEPER, failed, ok, server } from "./json-process-fixtures.ts";

describe("status (CTL-SUP-01)", () => {
  test("all: every process info struct as the server sent it; exit 3 as a process is stopped", async () => {
    const run = await jsonLikeText(server, "status");
    expect(run.doc).toEqual(INFOS);
    expect(run.code).toBe(3);
  });

  test("names filter as text mode does; unknown names are error entries where text prints their line", async () => {
    const run = await jsonLikeText(server, "status grp:* nosuch nogrp:* sleeper");
    expect(run.doc).toEqual([
      failed("nosuch", Faults.BAD_NAME, "no such process"),
      failed("nogrp", Faults.BAD_NAME, "no such group"),
      GA,
      GB,
      SLEEPER,
    ]);
    expect(run.code).toBe(4);
  });

  test("a running process alone: exit 0", async () => {
    const run = await jsonLikeText(server, "status sleeper");
    expect(run.doc).toEqual([SLEEPER]);
    expect(run.code).toBe(0);
  });
});

describe("pid (CTL-SUP-06)", () => {
  test("supervisord's pid: a number", async () => {
    expect((await jsonLikeText(server, "pid")).doc).toBe(6826);
  });
  test("all: name and pid of each process", async () => {
    const run = await jsonLikeText(server, "pid all");
    expect(run.doc).toEqual([
      { name: "crasher", pid: 0 }, { name: "grp:ga", pid: 6852 }, { name: "grp:gb", pid: 6853 }, { name: "manual", pid: 0 },
      { name: "sleeper", pid: 6857 },
    ]);
  });
  test("names: a stopped one gives exit 7, an unknown one an error entry and exit 1", async () => {
    const stopped = await jsonLikeText(server, "pid sleeper manual");
    expect(stopped.doc).toEqual([{ name: "sleeper", pid: 6857 }, { name: "manual", pid: 0 }]);
    expect(stopped.code).toBe(7);
    const unknown = await jsonLikeText(server, "pid nosuch");
    expect(unknown.doc).toEqual([failed("nosuch", Faults.BAD_NAME, "BAD_NAME: nosuch")]);
    expect(unknown.code).toBe(1);
  });
});

describe("start / stop / restart / signal / clear (CTL-SUP-02..05, 10)", () => {
  const cases: Array<[string, unknown[], number]> = [
    ["start manual", [ok("manual")], 0],
    ["start sleeper", [failed("sleeper", Faults.ALREADY_STARTED, "ALREADY_STARTED: sleeper")], 0],
    ["start crasher", [failed("crasher", Faults.SPAWN_ERROR, "SPAWN_ERROR: crasher")], 7],
    ["start nosuch", [failed("nosuch", Faults.BAD_NAME, "BAD_NAME: nosuch")], 1],
    ["start nogrp:*", [failed("nogrp", Faults.BAD_NAME, "BAD_NAME: nogrp")], 2],
    ["start grp:*", [ok("grp:gb"), ok("grp:ga")], 0],
    ["start all", [ok("grp:gb"), failed("crasher", Faults.SPAWN_ERROR, "SPAWN_ERROR: crasher")], 7],
    ["stop sleeper manual", [ok("sleeper"), failed("manual", Faults.NOT_RUNNING, "NOT_RUNNING: manual")], 0],
    ["stop nogrp:*", [failed("nogrp", Faults.BAD_NAME, "BAD_NAME: nogrp")], 1],
    ["signal HUP sleeper manual", [ok("sleeper"), failed("manual", Faults.NOT_RUNNING, "NOT_RUNNING: manual")], 7],
    ["signal HUP all", [ok("grp:gb"), failed("manual", Faults.NOT_RUNNING, "NOT_RUNNING: manual")], 7],
    ["clear sleeper nosuch", [ok("sleeper"), failed("nosuch", Faults.BAD_NAME, "BAD_NAME: nosuch")], 1],
    ["clear all", [failed("sleeper", Faults.FAILED, "FAILED: x")], 1],
  ];
  for (const [line, doc, code] of cases) {
    test(line, async () => {
      const run = await jsonLikeText(server, line);
      expect(run.doc).toEqual(doc);
      expect(run.code).toBe(code);
    });
  }

  test("restart: the stop then the start of each target, marked by step", async () => {
    const run = await jsonLikeText(server, "restart sleeper grp:*");
    expect(run.doc).toEqual([
      ok("sleeper", { step: "stop" }),
      ok("grp:gb", { step: "stop" }),
      ok("grp:ga", { step: "stop" }),
      failed("sleeper", Faults.ALREADY_STARTED, "ALREADY_STARTED: sleeper", { step: "start" }),
      ok("grp:gb", { step: "start" }),
      ok("grp:ga", { step: "start" }),
    ]);
  });

  test("missing names: a usage error with the help lines, on stdout, same exit status", async () => {
    const run = await jsonLikeText(server, "start");
    expect(run.doc).toEqual({
      error: {
        kind: "usage", code: null, text: "Error: start requires a process name", message: "Error: start requires a process name",
        help: [
          "start <name>\t\tStart a process", "start <gname>:*\t\tStart all processes in a group",
          "start <name> <name>\tStart multiple processes or groups", "start all\t\tStart all processes",
        ],
      },
    });
    expect(run.code).toBe(2);
    expect(run.err).toBe("");
  });
});

describe("configuration commands (CTL-SUP-11..15)", () => {
  const conf = { group: "grp", name: "ga", inuse: true, autostart: true, group_prio: 999, process_prio: 999 };
  test("avail: the config info structs", async () => {
    const run = await jsonLikeText(() => fakeServer({ "supervisor.getAllConfigInfo": [conf] }), "avail");
    expect(run.doc).toEqual([conf]);
  });
  test("reread: added, changed, removed as the server listed them", async () => {
    const run = await jsonLikeText(() => fakeServer({ "supervisor.reloadConfig": [[["b", "a"], ["c"], []]] }), "reread");
    expect(run.doc).toEqual({ added: ["b", "a"], changed: ["c"], removed: [] });
  });
  test("reread of a bad file: a fault failure", async () => {
    const run = await jsonLikeText(() => fakeServer({ "supervisor.reloadConfig": new RpcFault(Faults.CANT_REREAD, "bad") }), "reread");
    expect(run.doc).toEqual({ error: { kind: "fault", code: Faults.CANT_REREAD, text: "CANT_REREAD: bad", message: "ERROR: CANT_REREAD: bad" } });
    expect(run.code).toBe(1);
  });

  const groups = () =>
    fakeServer({
      "supervisor.addProcessGroup": (name) => {
        if (name === "active") throw new RpcFault(Faults.ALREADY_ADDED, "active");
        if (name === "nosuch") throw new RpcFault(Faults.BAD_NAME, "nosuch");
        return true;
      },
      "supervisor.removeProcessGroup": (name) => {
        if (name === "busy") throw new RpcFault(Faults.STILL_RUNNING, "busy");
        return true;
      },
      "supervisor.reloadConfig": [[["new"], ["changed"], ["gone", "stuck"]]],
      "supervisor.stopProcessGroup": (name) => (name === "stuck" ? [result("stuck", "stuck", Faults.FAILED, "FAILED: stuck")] : []),
      "supervisor.getAllProcessInfo": [info("changed", "changed", "RUNNING", "")],
    });
  test("add: one outcome per group", async () => {
    const run = await jsonLikeText(groups, "add new active nosuch");
    expect(run.doc).toEqual([
      ok("new"),
      failed("active", Faults.ALREADY_ADDED, "ALREADY_ADDED: active"),
      failed("nosuch", Faults.BAD_NAME, "BAD_NAME: nosuch"),
    ]);
    expect(run.code).toBe(1);
  });
  test("remove: one outcome per group", async () => {
    const run = await jsonLikeText(groups, "remove old busy");
    expect(run.doc).toEqual([ok("old"), failed("busy", Faults.STILL_RUNNING, "STILL_RUNNING: busy")]);
  });
  test("update: each step of each group, unknown groups first", async () => {
    const run = await jsonLikeText(groups, "update");
    expect(run.doc).toEqual([
      ok("gone", { step: "stop" }),
      ok("gone", { step: "remove" }),
      ok("stuck", { step: "stop" }),
      failed("stuck", Faults.FAILED, "has problems; not removing", { step: "remove" }),
      ok("changed", { step: "stop" }),
      ok("changed", { step: "update" }),
      ok("new", { step: "add" }),
    ]);
    expect(run.code).toBe(1);
    const named = await jsonLikeText(groups, "update new nogroup");
    expect(named.doc).toEqual([failed("nogroup", Faults.BAD_NAME, "no such group"), ok("new", { step: "add" })]);
  });
});
