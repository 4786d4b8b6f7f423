// avail, reread, add, remove, update, reload, shutdown, version, open, help, quit: output and
// exit status against a fake server. Expected texts recorded from supervisorctl 4.2.5.

import { describe, expect, test } from "bun:test";
import { Faults, RpcFault } from "../../../src/api/faults.ts";
import { ConnectionError } from "../../../src/cli/ctl/transport-errors.ts";
import { fakeServer, info, result } from "./fake-client.ts";
import { ctl, oneShot, URL } from "./run-helper.ts";

const config = (group: string, name: string, inuse: boolean, autostart: boolean, gp: number, pp: number) => ({
  group, name, inuse, autostart, group_prio: gp, process_prio: pp,
});

describe("avail (CTL-SUP-11)", () => {
  test("one line per configured process", async () => {
    const s = fakeServer({
      "supervisor.getAllConfigInfo": [
        config("crasher", "crasher", true, true, 999, 999),
        config("grp", "gb", true, true, 500, 100),
        config("manual", "manual", true, false, 999, 999),
        config("newone", "newone", false, true, 999, 999),
      ],
    });
    const run = await oneShot(s, "avail");
    expect(run.out).toBe(
      "crasher                          in use    auto      999:999\n" +
        "grp:gb                           in use    auto      500:100\n" +
        "manual                           in use    manual    999:999\n" +
        "newone                           avail     auto      999:999\n",
    );
    expect(run.code).toBe(0);
  });
  test("no arguments accepted", async () => {
    const run = await oneShot(fakeServer(), "avail x");
    expect(run.out).toBe("Error: avail accepts no arguments\navail\t\t\tDisplay all configured processes\n");
    expect(run.code).toBe(1);
  });
  test("shutting down", async () => {
    const run = await oneShot(fakeServer({ "supervisor.getAllConfigInfo": new RpcFault(Faults.SHUTDOWN_STATE) }), "avail");
    expect(run.out).toBe("ERROR: supervisor shutting down\n");
    expect(run.code).toBe(1);
  });
});

describe("reread / add / remove / update (CTL-SUP-12..15)", () => {
  const changes = [[["crasherx", "newone", "newtwo"], ["manual"], ["crasher"]]];
  test("reread lists changes sorted by name", async () => {
    const run = await oneShot(fakeServer({ "supervisor.reloadConfig": changes }), "reread");
    expect(run.out).toBe("crasher: disappeared\ncrasherx: available\nmanual: changed\nnewone: available\nnewtwo: available\n");
    expect(run.code).toBe(0);
  });
  test("reread with nothing changed", async () => {
    const run = await oneShot(fakeServer({ "supervisor.reloadConfig": [[[], [], []]] }), "reread");
    expect(run.out).toBe("No config updates to processes\n");
  });
  test("reread of a bad file", async () => {
    const s = fakeServer({ "supervisor.reloadConfig": new RpcFault(Faults.CANT_REREAD, "bad file") });
    const run = await oneShot(s, "reread");
    expect(run.out).toBe("ERROR: CANT_REREAD: bad file\n");
    expect(run.code).toBe(1);
  });
  test("reread x", async () => {
    const run = await oneShot(fakeServer(), "reread x");
    expect(run.out).toBe("Error: reread accepts no arguments\nreread \t\t\tReload the daemon's configuration files without add/remove\n");
    expect(run.code).toBe(1);
  });

  const groups = fakeServer({
    "supervisor.addProcessGroup": (name) => {
      if (name === "sleeper") throw new RpcFault(Faults.ALREADY_ADDED, "sleeper");
      if (name === "nosuch") throw new RpcFault(Faults.BAD_NAME, "nosuch");
      return true;
    },
    "supervisor.removeProcessGroup": (name) => {
      if (name === "sleeper") throw new RpcFault(Faults.STILL_RUNNING, "sleeper");
      if (name === "nosuch") throw new RpcFault(Faults.BAD_NAME, "nosuch");
      return true;
    },
  });
  test("add: nothing, then unknown and already active", async () => {
    expect(await oneShot(groups, "add")).toEqual({ code: 0, out: "", err: "" });
    const run = await oneShot(groups, "add nosuch sleeper newtwo");
    expect(run.out).toBe("ERROR: no such process/group: nosuch\nERROR: process group already active\nnewtwo: added process group\n");
    expect(run.code).toBe(1);
  });
  test("remove: still running and unknown", async () => {
    const run = await oneShot(groups, "remove sleeper nosuch newtwo");
    expect(run.out).toBe("ERROR: process/group still running: sleeper\nERROR: no such process/group: nosuch\nnewtwo: removed process group\n");
    expect(run.code).toBe(1);
  });

  function updateServer() {
    return fakeServer({
      "supervisor.reloadConfig": [[["crasherx", "newone"], ["manual"], ["crasher"]]],
      "supervisor.getAllProcessInfo": [info("crasher", "crasher", "FATAL", ""), info("manual", "manual", "STOPPED", "")],
      "supervisor.stopProcessGroup": [],
      "supervisor.removeProcessGroup": true,
      "supervisor.addProcessGroup": true,
    });
  }
  test("update applies removed, changed, then added groups", async () => {
    const s = updateServer();
    const run = await oneShot(s, "update");
    expect(run.out).toBe(
      "crasher: stopped\ncrasher: removed process group\nmanual: stopped\nmanual: updated process group\n" +
        "crasherx: added process group\nnewone: added process group\n",
    );
    expect(run.code).toBe(0);
  });
  test("update of named groups, one unknown", async () => {
    const run = await oneShot(updateServer(), "update newone crasher zzz");
    expect(run.out).toBe("ERROR: no such group: zzz\ncrasher: stopped\ncrasher: removed process group\nnewone: added process group\n");
    expect(run.code).toBe(1);
  });
  test("update keeps a group whose processes failed to stop", async () => {
    const s = updateServer();
    s.answers["supervisor.stopProcessGroup"] = [result("crasher", "crasher", Faults.FAILED, "FAILED")];
    const run = await oneShot(s, "update crasher");
    expect(run.out).toBe("crasher: stopped\ncrasher: has problems; not removing\n");
    expect(run.code).toBe(1);
  });
});

describe("reload / shutdown (CTL-SUP-16, 17)", () => {
  test("one-shot reload does not ask", async () => {
    const run = await oneShot(fakeServer({ "supervisor.restart": true }), "reload");
    expect(run.out).toBe("Restarted supervisord\n");
  });
  test("-i reload asks and stops on anything but y", async () => {
    const s = fakeServer({ "supervisor.restart": true });
    const no = await ctl(s, ["-s", URL, "-i", "reload"], "n\n");
    expect(no.out).toBe("Really restart the remote supervisord process y/N? ");
    const yes = await ctl(s, ["-s", URL, "-i", "reload"], "Yes\n");
    expect(yes.out).toBe("Really restart the remote supervisord process y/N? Restarted supervisord\n");
    expect(s.calls.filter((c) => c.method === "supervisor.restart").length).toBe(1);
  });
  test("-i reload with no answer at all", async () => {
    const run = await ctl(fakeServer(), ["-s", URL, "-i", "reload"], "");
    expect(run.out).toBe("Really restart the remote supervisord process y/N? error: <class 'EOFError'>, EOF when reading a line\n");
    expect(run.code).toBe(1);
  });
  test("shutdown", async () => {
    expect((await oneShot(fakeServer({ "supervisor.shutdown": true }), "shutdown")).out).toBe("Shut down\n");
    const already = await oneShot(fakeServer({ "supervisor.shutdown": new RpcFault(Faults.SHUTDOWN_STATE) }), "shutdown");
    expect(already).toEqual({ code: 0, out: "ERROR: already shutting down\n", err: "" });
    const gone = await oneShot(
      fakeServer({ "supervisor.shutdown": new ConnectionError("refused", "ECONNREFUSED", "Connection refused") }),
      "shutdown",
    );
    expect(gone).toEqual({ code: 1, out: "ERROR: http://127.0.0.1:9001 refused connection (already shut down?)\n", err: "" });
  });
  test("arguments refused", async () => {
    const run = await oneShot(fakeServer(), "shutdown now");
    expect(run.out).toBe("Error: shutdown accepts no arguments\nshutdown \tShut the remote supervisord down.\n");
    expect(run.code).toBe(1);
  });
});

describe("version / open / help / quit (CTL-SUP-18..21)", () => {
  test("version", async () => {
    expect(await oneShot(fakeServer({ "supervisor.getSupervisorVersion": "4.2.5" }), "version")).toEqual({ code: 0, out: "4.2.5\n", err: "" });
    const run = await oneShot(fakeServer(), "version x");
    expect(run.out).toBe("Error: version accepts no arguments\nversion\t\t\tShow the version of the remote supervisord process\n");
  });
  test("open: bad scheme, then a good URL shows its status without changing the exit status", async () => {
    const s = fakeServer({ "supervisor.getAllProcessInfo": [info("a", "a", "STOPPED", "Not started")] });
    expect(await oneShot(s, "open ftp://x")).toEqual({ code: 1, out: "ERROR: url must be http:// or unix://\n", err: "" });
    const run = await oneShot(s, "open unix:///tmp/other.sock");
    expect(run.out).toBe("a                                STOPPED   Not started\n");
    expect(run.code).toBe(0);
    expect(s.calls[s.calls.length - 1]!.url).toBe("unix:///tmp/other.sock");
  });
  // The Supvisors plugin is always loaded (CTL-GEN-03): as in supervisorctl with two plugins, each
  // one answers `help` in turn (checked against supervisorctl 4.2.5 with a second ctlplugin).
  test("help lists the default commands in columns, then the supvisors section", async () => {
    const run = await oneShot(fakeServer(), "help");
    expect(run.out).toStartWith(
      "\ndefault commands (type help <topic>):\n=====================================\n" +
        "add    exit      open  reload  restart   start   tail   \n" +
        "avail  fg        pid   remove  shutdown  status  update \n" +
        "clear  maintail  quit  reread  signal    stop    version\n\n" +
        "\nsupvisors commands (type help <topic>):\n",
    );
  });
  test("help topics", async () => {
    expect((await oneShot(fakeServer(), "help help")).out).toBe("help\t\tPrint a list of available actions\nhelp <action>\tPrint help for <action>\n");
    expect((await oneShot(fakeServer(), "help foo")).out).toBe("*** No help on foo\n*** No help on foo\n");
    expect((await oneShot(fakeServer(), "help EOF")).out).toBe("*** No help on EOF\n*** No help on EOF\n");
    expect((await oneShot(fakeServer(), "help quit")).out).toBe("quit\tExit the supervisor shell.\n*** No help on quit\n");
    expect((await ctl(fakeServer(), ["-s", URL, "?status"])).out).toBe(
      "status <name>\t\tGet status for a single process\nstatus <gname>:*\tGet status for all processes in a group\n" +
        "status <name> <name>\tGet status for multiple named processes\nstatus\t\t\tGet all process status info\n" +
        "*** No help on status\n",
    );
  });
  test("quit, exit and EOF print an empty line", async () => {
    for (const word of ["quit", "exit", "EOF"]) expect(await oneShot(fakeServer(), word)).toEqual({ code: 0, out: "\n", err: "" });
  });
  test("unknown command", async () => {
    expect(await oneShot(fakeServer(), "foo bar")).toEqual({ code: 1, out: "*** Unknown syntax: foo bar\n", err: "" });
    expect((await ctl(fakeServer(), ["-s", URL, "!ls"])).out).toBe("*** Unknown syntax: !ls\n");
  });
});
