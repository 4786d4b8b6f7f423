// Log-tail streams: the follower (initial tail, appends, rotation, truncation, deleted file),
// then the HTTP handler (headers, 404/400 cases, disconnect, server close).

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { appendFileSync, closeSync, openSync, renameSync, truncateSync, unlinkSync, writeFileSync, writeSync } from "node:fs";
import { get, type IncomingMessage } from "node:http";
import { parseTailPath, startHttpServers, TailFollower, TRUNCATED_MARKER, type HttpServers } from "../../../src/api/http/index.ts";
import { fakeLogs, inetConfig, openFdsFor, tempDir, testRegistry, waitFor } from "./helpers.ts";

function collector(): { text: () => string; sink: (b: Uint8Array) => boolean } {
  const parts: Buffer[] = [];
  return { text: () => Buffer.concat(parts).toString("utf8"), sink: (b) => (parts.push(Buffer.from(b)), true) };
}

describe("parseTailPath", () => {
  test.each([
    ["/logtail/web", { kind: "process", namespec: "web", channel: "stdout" }],
    ["/logtail/grp:web/stderr", { kind: "process", namespec: "grp:web", channel: "stderr" }],
    ["/logtail/grp%3Aweb/stderr", { kind: "process", namespec: "grp:web", channel: "stderr" }],
    ["/logtail/a%20b", { kind: "process", namespec: "a b", channel: "stdout" }],
    ["/logtail/web/bogus", { kind: "process", namespec: "web", channel: "bogus" }],
    ["/mainlogtail", { kind: "main" }],
    ["/logtail", "bad"],
    ["/logtail/", "bad"],
    ["/logtail/%E0%A4%A", "bad"],
    ["/other", null],
  ] as [string, unknown][])("%s", (path, want) => {
    expect(parseTailPath(path)).toEqual(want as ReturnType<typeof parseTailPath>);
  });
});

describe("TailFollower", () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  test("sends the last bytes, then appends; stop releases the file", async () => {
    const file = `${tmp.dir}/a.log`;
    writeFileSync(file, "0123456789");
    const out = collector();
    const f = await TailFollower.open(file, 4, out.sink, 5);
    expect(out.text()).toBe(""); // nothing before begin()
    f.begin();
    await waitFor(() => out.text() === "6789", "initial tail");
    appendFileSync(file, "abc\n");
    await waitFor(() => out.text() === "6789abc\n", "appended bytes");
    expect(openFdsFor(file)).toBe(1);
    f.stop();
    await waitFor(() => openFdsFor(file) === 0, "file closed");
    expect(f.active).toBe(false);
  });

  test("a short file is sent whole", async () => {
    const file = `${tmp.dir}/short.log`;
    writeFileSync(file, "abc");
    const out = collector();
    const f = await TailFollower.open(file, 1024, out.sink, 5);
    f.begin();
    await waitFor(() => out.text() === "abc", "whole file");
    f.stop();
  });

  test("rotation: the replaced file is followed from its start", async () => {
    const file = `${tmp.dir}/rot.log`;
    writeFileSync(file, "old\n");
    const out = collector();
    const f = await TailFollower.open(file, 1024, out.sink, 5);
    f.begin();
    await waitFor(() => out.text() === "old\n", "old content");
    renameSync(file, `${file}.1`);
    writeFileSync(file, "new1\n");
    await waitFor(() => out.text() === "old\nnew1\n", "new file content");
    appendFileSync(file, "new2\n");
    await waitFor(() => out.text() === "old\nnew1\nnew2\n", "appended to new file");
    await waitFor(() => openFdsFor(`${file}.1`) === 0, "old file released");
    f.stop();
  });

  test("truncation: marker, then the file from its start", async () => {
    const file = `${tmp.dir}/trunc.log`;
    writeFileSync(file, "long line here\n");
    const out = collector();
    const f = await TailFollower.open(file, 1024, out.sink, 5);
    f.begin();
    await waitFor(() => out.text() === "long line here\n", "content");
    truncateSync(file, 0);
    appendFileSync(file, "fresh\n");
    await waitFor(() => out.text() === `long line here\n${TRUNCATED_MARKER}fresh\n`, "marker and fresh content");
    f.stop();
  });

  test("a deleted file that is not replaced keeps being read", async () => {
    const file = `${tmp.dir}/gone.log`;
    writeFileSync(file, "x\n");
    const writer = openSync(file, "a");
    const out = collector();
    const f = await TailFollower.open(file, 1024, out.sink, 5);
    f.begin();
    await waitFor(() => out.text() === "x\n", "content");
    unlinkSync(file);
    // The writer still holds the unlinked file, as a process does with its log.
    writeSync(writer, "after unlink\n");
    await waitFor(() => out.text() === "x\nafter unlink\n", "bytes written after unlink");
    expect(f.active).toBe(true);
    closeSync(writer);
    f.stop();
  });

  test("backpressure: a full sink pauses until resume()", async () => {
    const file = `${tmp.dir}/bp.log`;
    writeFileSync(file, "a".repeat(200 * 1024));
    let received = 0;
    let calls = 0;
    const f = await TailFollower.open(file, 300 * 1024, (b) => {
      received += b.length;
      calls++;
      return false;
    }, 5);
    f.begin();
    await waitFor(() => calls === 1, "first chunk");
    // A negative check needs time: several poll periods pass without a second delivery.
    await new Promise((r) => setTimeout(r, 30));
    expect(calls).toBe(1);
    f.resume();
    await waitFor(() => calls === 2, "second chunk after resume");
    expect(received).toBe(128 * 1024);
    f.stop();
  });

  test("a missing file is refused at open", async () => {
    await expect(TailFollower.open(`${tmp.dir}/none.log`, 10, () => true, 5)).rejects.toThrow();
  });
});

describe("GET /logtail and /mainlogtail", () => {
  const tmp = tempDir();
  const web = `${tmp.dir}/web.log`;
  const main = `${tmp.dir}/main.log`;
  let servers: HttpServers;
  let port: number;

  beforeAll(async () => {
    writeFileSync(web, "w".repeat(2000) + "END\n");
    writeFileSync(main, "main start\n");
    servers = await startHttpServers({
      inet: inetConfig(),
      unix: null,
      registry: testRegistry(),
      logs: fakeLogs({ "grp:web/stdout": web, "grp:web/stderr": `${tmp.dir}/missing.log` }, main),
      tailPollMs: 10,
    });
    port = servers.inetAddress!.port;
  });
  afterAll(async () => {
    await servers.close();
    tmp.cleanup();
  });

  function open(path: string): Promise<{ res: IncomingMessage; text: () => string }> {
    return new Promise((resolve, reject) => {
      const req = get({ host: "127.0.0.1", port, path }, (res) => {
        const parts: Buffer[] = [];
        res.on("data", (d: Buffer) => parts.push(d));
        res.on("error", () => undefined);
        resolve({ res, text: () => Buffer.concat(parts).toString("utf8") });
      });
      req.on("error", reject);
    });
  }

  test("process log: headers, last 1024 bytes, then appends; disconnect releases the file", async () => {
    const { res, text } = await open("/logtail/grp%3Aweb");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("text/plain;charset=utf-8");
    expect(res.headers["transfer-encoding"]).toBe("chunked");
    expect(res.headers["x-accel-buffering"]).toBe("no");
    expect(res.headers["last-modified"]).toMatch(/GMT$/);
    await waitFor(() => text().length === 1024, "initial 1024 bytes");
    expect(text().endsWith("END\n")).toBe(true);
    appendFileSync(web, "more\n");
    await waitFor(() => text().endsWith("END\nmore\n"), "appended line");
    expect(openFdsFor(web)).toBe(1);
    res.destroy();
    await waitFor(() => openFdsFor(web) === 0, "log file released after disconnect");
  });

  test("main log has no X-Accel-Buffering header, like Supervisor", async () => {
    const { res, text } = await open("/mainlogtail");
    expect(res.statusCode).toBe(200);
    expect(res.headers["x-accel-buffering"]).toBeUndefined();
    await waitFor(() => text() === "main start\n", "main log");
    res.destroy();
    await waitFor(() => openFdsFor(main) === 0, "main log released");
  });

  test("404: unknown process, bad channel, missing file; 400 for POST", async () => {
    for (const path of ["/logtail/nope", "/logtail/grp:web/bogus", "/logtail/grp:web/stderr", "/logtail"]) {
      expect((await fetch(`http://127.0.0.1:${port}${path}`)).status).toBe(404);
    }
    expect((await fetch(`http://127.0.0.1:${port}/logtail/grp:web`, { method: "POST" })).status).toBe(400);
  });

  test("closing the server ends open streams", async () => {
    const extra = await startHttpServers({ inet: inetConfig(), unix: null, registry: testRegistry(), logs: fakeLogs({}, main), tailPollMs: 10 });
    // Wrapped in an object: resolving with a bare promise would wait for that promise.
    const { ended } = await new Promise<{ ended: Promise<void> }>((resolve, reject) => {
      get({ host: "127.0.0.1", port: extra.inetAddress!.port, path: "/mainlogtail" }, (res) => {
        res.resume();
        resolve({ ended: new Promise<void>((done) => res.on("close", () => done())) });
      }).on("error", reject);
    });
    await waitFor(() => openFdsFor(main) === 1, "stream open");
    await extra.close();
    await ended;
    await waitFor(() => openFdsFor(main) === 0, "main log released after close");
  });
});
