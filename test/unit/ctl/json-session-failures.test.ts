// `flotilla ctl --json` for supervisorctl's session and log commands (CTL-SUP-07..09, 16..21)
// and for the failures of the ctl itself (connection, auth, version, unknown command, faults,
// unexpected answers): the document each gives, with the exit status of text mode.

import { describe, expect, test } from "bun:test";
import { Faults, RpcFault } from "../../../src/api/faults.ts";
import { ConnectionError, HttpStatusError } from "../../../src/cli/ctl/transport-errors.ts";
import { fakeServer } from "./fake-client.ts";
import { jsonLikeText, jsonShot } from "./json-helper.ts";
import { CRASHER, INFOS, MANUAL, failed, ok, server } from "./json-process-fixtures.ts";
import { ctl } from "./run-helper.ts";

describe("reload / shutdown / version / help / open (CTL-SUP-16..21)", () => {
  test("reload and shutdown: an outcome for supervisord, no question asked", async () => {
    const run = await jsonLikeText(() => fakeServer({ "supervisor.restart": true }), "reload");
    expect(run.doc).toEqual([ok("supervisord")]);
    const down = await jsonLikeText(() => fakeServer({ "supervisor.shutdown": new RpcFault(Faults.SHUTDOWN_STATE) }), "shutdown");
    expect(down.doc).toEqual([failed("supervisord", Faults.SHUTDOWN_STATE, "SHUTDOWN_STATE")]);
    expect(down.code).toBe(0);
  });
  test("shutdown of a server already gone: a connection failure", async () => {
    const gone = () => fakeServer({ "supervisor.shutdown": new ConnectionError("refused", "ECONNREFUSED", "Connection refused") });
    const run = await jsonLikeText(gone, "shutdown");
    expect(run.doc).toEqual({
      error: {
        kind: "connection", code: "ECONNREFUSED", text: "Connection refused",
        message: "ERROR: http://127.0.0.1:9001 refused connection (already shut down?)",
      },
    });
    expect(run.code).toBe(1);
  });
  test("version: a string", async () => {
    expect((await jsonLikeText(server, "version")).doc).toBe("4.2.5");
  });
  test("help: the command names by section; help <topic>: its lines", async () => {
    const all = (await jsonLikeText(server, "help")).doc as Record<string, string[]>;
    expect(Object.keys(all)).toEqual(["default", "supvisors"]);
    expect(all.default).toContain("status");
    expect(all.supvisors).toContain("sstatus");
    expect(all.supvisors).toContain("stats_period");
    const tail = (await jsonLikeText(server, "help tail")).doc as { topic: string; help: string[] };
    expect(tail.topic).toBe("tail");
    expect(tail.help[0]).toBe("tail [-f] <name> [stdout|stderr] (default stdout)");
    expect(tail.help).toContain("tail -100 <name>\tlast 100 *bytes* of process stdout");
    expect((await jsonLikeText(server, "help nosuch")).doc).toEqual({ topic: "nosuch", help: null });
  });
  test("open: the status of the new server", async () => {
    const run = await jsonLikeText(server, "open http://127.0.0.1:9002");
    expect(run.doc).toEqual(INFOS);
    const bad = await jsonLikeText(server, "open ftp://x");
    expect(bad.doc).toMatchObject({ error: { kind: "usage", text: "ERROR: url must be http:// or unix://" } });
  });
});

describe("tail / maintail / fg (CTL-SUP-07..09)", () => {
  test("tail: the log text read", async () => {
    expect((await jsonLikeText(server, "tail sleeper")).doc).toBe("line 1\nline 2\n");
    expect((await jsonLikeText(server, "maintail -5")).doc).toBe("main log\n");
  });
  test("tail of an unknown process: a fault failure", async () => {
    const run = await jsonLikeText(server, "tail nosuch");
    expect(run.doc).toEqual({
      error: { kind: "fault", code: Faults.BAD_NAME, text: "BAD_NAME: nosuch", message: "nosuch: ERROR (no such process name)" },
    });
    expect(run.code).toBe(1);
  });
  for (const line of ["tail -f sleeper", "maintail -f", "fg sleeper"]) {
    test(`${line}: refused, nothing streamed, exit 2`, async () => {
      const s = server();
      const run = await jsonShot(s, line);
      const what = line.split(" ").slice(0, line.startsWith("fg") ? 1 : 2).join(" ");
      expect(run.doc).toEqual({
        error: {
          kind: "usage", code: null,
          text: `${what} streams its output as it comes and has no --json form`,
          message: `${what} streams its output as it comes and has no --json form`,
        },
      });
      expect(run.code).toBe(2);
      expect(s.streamPaths).toEqual([]);
    });
  }
});

describe("failures of the ctl itself", () => {
  test("connection refused: exit 4 as in text mode", async () => {
    const refused = () => fakeServer({ "supervisor.getVersion": new ConnectionError("refused", "ECONNREFUSED", "Connection refused") });
    for (const line of ["status", "start sleeper", "version"]) {
      const run = await jsonLikeText(refused, line);
      expect(run.doc).toEqual({
        error: { kind: "connection", code: "ECONNREFUSED", text: "Connection refused", message: "http://127.0.0.1:9001 refused connection" },
      });
      expect(run.code).toBe(4);
    }
  });
  test("no socket file: exit 7 (status: 4)", async () => {
    const nofile = () => fakeServer({ "supervisor.getVersion": new ConnectionError("nofile", "ENOENT", "No such file or directory") });
    const run = await jsonLikeText(nofile, "version");
    expect(run.doc).toMatchObject({ error: { kind: "connection", code: "ENOENT", message: "http://127.0.0.1:9001 no such file" } });
    expect(run.code).toBe(7);
  });
  test("wrong credentials: one auth failure, though supervisorctl's second attempt runs", async () => {
    const s = () => fakeServer({ "supervisor.getVersion": new HttpStatusError(401, "Unauthorized") });
    const run = await jsonLikeText(s, "status");
    expect(run.doc).toEqual({ error: { kind: "auth", code: 401, text: "Unauthorized", message: "Server requires authentication" } });
    expect(run.code).toBe(1);
  });
  test("API version mismatch: exit 5 (status: 4)", async () => {
    const mismatch = () => fakeServer({ "supervisor.getVersion": "2.0" });
    const run = await jsonLikeText(mismatch, "version");
    expect(run.doc).toMatchObject({ error: { kind: "version", code: null } });
    expect((run.doc as { error: { text: string } }).error.text).toContain("but the remote version is 2.0.");
    expect(run.code).toBe(5);
    expect((await jsonLikeText(mismatch, "status")).code).toBe(4);
  });
  test("an unknown command: a usage failure, exit 1", async () => {
    const run = await jsonLikeText(server, "frobnicate");
    expect(run.doc).toEqual({
      error: { kind: "usage", code: null, text: "*** Unknown syntax: frobnicate", message: "*** Unknown syntax: frobnicate" },
    });
    expect(run.code).toBe(1);
  });
  test("an unexpected fault: its code and string, exit 1", async () => {
    const run = await jsonLikeText(() => fakeServer({ "supervisor.getVersion": new RpcFault(Faults.SHUTDOWN_STATE) }), "status");
    expect(run.doc).toEqual({
      error: {
        kind: "fault", code: Faults.SHUTDOWN_STATE, text: "SHUTDOWN_STATE",
        message: "error: <class 'xmlrpc.client.Fault'>, <Fault 6: 'SHUTDOWN_STATE'>",
      },
    });
    expect(run.code).toBe(1);
  });
  test("an answer missing a field after some rows: what came before as partial", async () => {
    const s = () => fakeServer({ "supervisor.getAllProcessInfo": [CRASHER, { group: "x", name: "y", state: 0 }] });
    const run = await jsonLikeText(s, "pid all");
    expect(run.doc).toEqual({
      error: { kind: "exception", code: "KeyError", text: "'pid'", message: "error: <class 'KeyError'>, 'pid'" },
      partial: [{ name: "crasher", pid: 0 }],
    });
    expect(run.code).toBe(1);
  });
  test("an unusable server URL: an exception failure", async () => {
    const bad = await ctl(server(), ["--json", "-s", "ftp://x", "status"]);
    expect(JSON.parse(bad.out)).toMatchObject({ error: { kind: "exception", code: "ValueError", text: "Unknown protocol for serverurl ftp://x" } });
    expect(bad.code).toBe(1);
  });
  test("no stray output: a document with MANUAL stopped holds exactly the structs", async () => {
    const run = await jsonShot(server(), "status manual");
    expect(run.out).toBe(JSON.stringify([MANUAL], null, 2) + "\n");
  });
});
