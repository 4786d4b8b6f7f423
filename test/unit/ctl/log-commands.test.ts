// tail, maintail, fg: arguments, XML-RPC reads and the -f streams, against a fake server.
// Expected texts were recorded from Debian's supervisorctl 4.2.5.

import { describe, expect, test } from "bun:test";
import { Faults, RpcFault } from "../../../src/api/faults.ts";
import { HttpStatusError } from "../../../src/cli/ctl/transport-errors.ts";
import { fakeServer, info, waitFor } from "./fake-client.ts";
import { ctl, oneShot, URL } from "./run-helper.ts";

const TAIL_HELP =
  "tail [-f] <name> [stdout|stderr] (default stdout)\nEx:\ntail -f <name>\t\tContinuous tail of named process stdout\n" +
  "\t\t\tCtrl-C to exit.\ntail -100 <name>\tlast 100 *bytes* of process stdout\ntail <name> stderr\tlast 1600 *bytes* of process stderr\n";
const MAINTAIL_HELP =
  "maintail -f \tContinuous tail of supervisor main log file (Ctrl-C to exit)\n" +
  "maintail -100\tlast 100 *bytes* of supervisord main log file\nmaintail\tlast 1600 *bytes* of supervisor main log file\n\n";

function logServer() {
  const read = (name: unknown) => {
    if (name === "nosuch") throw new RpcFault(Faults.BAD_NAME, "nosuch");
    if (name === "nolog") throw new RpcFault(Faults.NO_FILE, "nolog");
    if (name === "broken") throw new RpcFault(Faults.FAILED, "broken");
    return "oops\noops\n";
  };
  return fakeServer({
    "supervisor.readProcessStdoutLog": read,
    "supervisor.readProcessStderrLog": read,
    "supervisor.readLog": "main log\n",
  });
}

describe("tail (CTL-SUP-07)", () => {
  const cases: Array<[string, string, number]> = [
    ["tail", "Error: too few arguments\n" + TAIL_HELP, 1],
    ["tail a b c d", "Error: too many arguments\n" + TAIL_HELP, 1],
    ["tail crasher stderr", "oops\noops\n\n", 0],
    ["tail -x crasher", "Error: bad argument -x\n", 1],
    ["tail crasher foo", "Error: bad channel 'foo'\n", 1],
    ["tail crasher STDERR", "oops\noops\n\n", 0],
    ["tail nosuch", "nosuch: ERROR (no such process name)\n", 1],
    ["tail nolog", "nolog: ERROR (no log file)\n", 1],
    ["tail broken", "broken: ERROR (unknown error reading log)\n", 1],
    ["tail -f", "Error: tail requires process name\n", 1],
  ];
  for (const [line, out, code] of cases) {
    test(line, async () => {
      const run = await oneShot(logServer(), line);
      expect(run.out).toBe(out);
      expect(run.code).toBe(code);
    });
  }

  test("byte counts: default 1600 from the end, -N for N, channel and middle word", async () => {
    const s = logServer();
    await oneShot(s, "tail crasher");
    await oneShot(s, "tail -5 crasher stderr");
    await oneShot(s, "tail crasher ignored stderr");
    const reads = s.calls.filter((c) => c.method !== "supervisor.getVersion").map((c) => [c.method, ...c.params]);
    expect(reads).toEqual([
      ["supervisor.readProcessStdoutLog", "crasher", -1600, 0],
      ["supervisor.readProcessStderrLog", "crasher", -5, 0],
      ["supervisor.readProcessStderrLog", "crasher", -1600, 0],
    ]);
  });

  test("tail -f streams the channel until Ctrl-C, then prints an empty line", async () => {
    const s = logServer();
    s.streams["/logtail/crasher/stderr"] = { chunks: ["oops\n", "again\n"], end: "hold" };
    const interrupt = new AbortController();
    let seen = "";
    const pending = ctl(s, ["-s", URL, "tail", "-f", "crasher", "stderr"], null, { interrupt: interrupt.signal }, (o) => (seen = o));
    await waitFor(() => seen.endsWith("again\n"), 2000, "streamed lines");
    interrupt.abort();
    const run = await pending;
    expect(run.out).toBe("==> Press Ctrl-C to exit <==\noops\nagain\n\n");
    expect(run.code).toBe(0);
  });

  test("tail -f of an unknown name: the 404 goes to stderr, exit 0", async () => {
    const s = logServer();
    s.streams["/logtail/nosuch/stdout"] = { chunks: [], end: new HttpStatusError(404, "Not Found") };
    const run = await oneShot(s, "tail -f nosuch");
    expect(run.out).toBe("==> Press Ctrl-C to exit <==\n");
    expect(run.err).toBe("http://127.0.0.1:9001/logtail/nosuch/stdout Cannot read, status code 404\n");
    expect(run.code).toBe(0);
  });
});

describe("maintail (CTL-SUP-08)", () => {
  const cases: Array<[string, string, number]> = [
    ["maintail", "main log\n\n", 0],
    ["maintail -100", "main log\n\n", 0],
    ["maintail x", "Error: bad argument x\n", 1],
    ["maintail -x", "Error: bad argument -x\n", 1],
    ["maintail a b", "Error: too many arguments\n" + MAINTAIL_HELP, 1],
  ];
  for (const [line, out, code] of cases) {
    test(line, async () => {
      const run = await oneShot(logServer(), line);
      expect(run.out).toBe(out);
      expect(run.code).toBe(code);
    });
  }

  test("maintail -f follows /mainlogtail to its end", async () => {
    const s = logServer();
    s.streams["/mainlogtail"] = { chunks: ["line 1\n", "line 2\n"], end: "close" };
    const run = await oneShot(s, "maintail -f");
    expect(run.out).toBe("==> Press Ctrl-C to exit <==\nline 1\nline 2\n");
    expect(run.code).toBe(0);
  });

  test("main log missing", async () => {
    const s = fakeServer({ "supervisor.readLog": new RpcFault(Faults.NO_FILE, "x") });
    const run = await oneShot(s, "maintail");
    expect(run.out).toBe("supervisord: ERROR (no log file)\n");
    expect(run.code).toBe(1);
  });
});

describe("fg (CTL-SUP-09)", () => {
  function fgServer(running = true) {
    let state = running ? "RUNNING" : "FATAL";
    const s = fakeServer({
      "supervisor.getProcessInfo": (name) => {
        if (name !== "cat") throw new RpcFault(Faults.BAD_NAME, String(name));
        return info("cat", "cat", state, "");
      },
      "supervisor.sendProcessStdin": (_name, chars) => {
        if (chars === "die\n") state = "EXITED";
        return true;
      },
    });
    s.streams["/logtail/cat/stdout"] = { chunks: ["hello\n"], end: "hold" };
    return s;
  }
  const FG_HELP = "fg <process>\tConnect to a process in foreground mode\n\t\tCtrl-C to exit\n";
  const cases: Array<[string, string, number]> = [
    ["fg", "ERROR: no process name supplied\n" + FG_HELP, 1],
    ["fg a b", "ERROR: too many process names supplied\n", 1],
    ["fg nosuch", "ERROR: bad process name supplied\n", 1],
  ];
  for (const [line, out, code] of cases) {
    test(line, async () => {
      const run = await oneShot(fgServer(), line);
      expect(run.out).toBe(out);
      expect(run.code).toBe(code);
    });
  }

  test("fg of a stopped process", async () => {
    const run = await oneShot(fgServer(false), "fg cat");
    expect(run.out).toBe("ERROR: process not running\n");
    expect(run.code).toBe(1);
  });

  test("lines typed go to stdin until end of input", async () => {
    const s = fgServer();
    const run = await ctl(s, ["-s", URL, "fg", "cat"], "one\ntwo\n");
    expect(run.out).toContain("==> Press Ctrl-C to exit <==\n");
    expect(run.out.endsWith("Exiting foreground\n")).toBe(true);
    const sent = s.calls.filter((c) => c.method === "supervisor.sendProcessStdin").map((c) => c.params[1]);
    expect(sent).toEqual(["one\n", "two\n"]);
    expect(s.streamPaths).toEqual(["/logtail/cat/stdout", "/logtail/cat/stderr"]);
    expect(run.code).toBe(0);
  });

  test("the process stopping ends fg", async () => {
    const run = await ctl(fgServer(), ["-s", URL, "fg", "cat"], "die\nnot sent\n");
    expect(run.out.endsWith("Process got killed\nExiting foreground\n")).toBe(true);
  });
});
