// stats_status, enable_stats, disable_stats, stats_period (CTL-SV-05, 37, 38, 39) against a fake
// server. Texts from the Supvisors 0.19 ctl plugin sources (supvisorsctl.py).

import { describe, expect, test } from "bun:test";
import { Faults, RpcFault } from "../../../src/api/faults.ts";
import { Double } from "../../../src/api/xmlrpc/value.ts";
import { floatText, pyFloat } from "../../../src/cli/ctl/commands/supvisors-stats.ts";
import { methodsCalled, supvisorsServer } from "./supvisors-fixtures.ts";
import { oneShot } from "./run-helper.ts";

const ENABLE_HELP =
  "enable_stats\t\t\tEnable host and process statistics collection\n" +
  "enable_stats all\t\tEnable host and process statistics collection\n" +
  "enable_stats host\t\tEnable host statistics collection\n" +
  "enable_stats process\t\tEnable process statistics collection\n" +
  "enable_stats host process\tEnable host and process statistics collection\n";
const PERIOD_HELP = "stats_period period\t\tUpdate the host and process statistics collection period\n";

describe("stats_status (CTL-SV-05)", () => {
  test("the three lines, the period as a float", async () => {
    const server = supvisorsServer({ "supvisors.get_statistics_status": { host_stats: true, process_stats: false, collecting_period: 5 } });
    expect(await oneShot(server, "stats_status")).toEqual({
      code: 0,
      out: "Collecting Host statistics:    True\nCollecting Process statistics: False\nCollecting statistics period:  5.0\n",
      err: "",
    });
  });
  test("fault", async () => {
    const server = supvisorsServer({ "supvisors.get_statistics_status": new RpcFault(Faults.NOT_INSTALLED, "psutil not installed") });
    expect(await oneShot(server, "stats_status")).toEqual({ code: 1, out: "ERROR (NOT_INSTALLED: psutil not installed)\n", err: "" });
  });
});

describe("enable_stats / disable_stats (CTL-SV-37, 38)", () => {
  const answers = { "supvisors.enable_host_statistics": true, "supvisors.enable_process_statistics": true };
  const cases: Array<[string, string[], string]> = [
    ["enable_stats", ["enable_host_statistics", "enable_process_statistics"], "Host statistics enabled: True\nProcess statistics enabled: True\n"],
    ["enable_stats HOST", ["enable_host_statistics"], "Host statistics enabled: True\n"],
    ["enable_stats process", ["enable_process_statistics"], "Process statistics enabled: True\n"],
    ["disable_stats process all", ["enable_host_statistics", "enable_process_statistics"], "Host statistics disabled: True\nProcess statistics disabled: True\n"],
  ];
  for (const [line, methods, out] of cases) {
    test(line, async () => {
      const server = supvisorsServer(answers);
      expect(await oneShot(server, line)).toEqual({ code: 0, out, err: "" });
      expect(methodsCalled(server)).toEqual(methods.map((m) => `supvisors.${m}`));
      const enable = line.startsWith("enable");
      expect(server.calls.slice(1).every((c) => c.params[0] === enable)).toBe(true);
    });
  }
  test("bad types: one line each (lowercased), the help, exit 2, nothing requested", async () => {
    const server = supvisorsServer(answers);
    expect(await oneShot(server, "enable_stats Foo host bar")).toEqual({
      code: 2, out: "ERROR: invalid statistics type foo\nERROR: invalid statistics type bar\n" + ENABLE_HELP, err: "",
    });
    expect(methodsCalled(server)).toEqual([]);
  });
  test("a fault on the first call does not stop the second", async () => {
    const server = supvisorsServer({ ...answers, "supvisors.enable_host_statistics": new RpcFault(Faults.NOT_INSTALLED, "psutil not installed") });
    expect(await oneShot(server, "disable_stats")).toEqual({
      code: 1, out: "ERROR (NOT_INSTALLED: psutil not installed)\nProcess statistics disabled: True\n", err: "",
    });
  });
});

describe("stats_period (CTL-SV-39)", () => {
  const answers = { "supvisors.update_collecting_period": true };
  test("a period", async () => {
    const server = supvisorsServer(answers);
    expect(await oneShot(server, "stats_period 2.5")).toEqual({ code: 0, out: "Statistics period updated: True\n", err: "" });
    expect(server.calls.at(-1)!.params).toEqual([new Double(2.5)]);
  });
  test("no period / not a number: message, help, exit 2", async () => {
    expect(await oneShot(supvisorsServer(answers), "stats_period")).toEqual({
      code: 2, out: "ERROR: stats_period requires a period\n" + PERIOD_HELP, err: "",
    });
    const server = supvisorsServer(answers);
    expect(await oneShot(server, "stats_period ten")).toEqual({
      code: 2, out: "ERROR: stats_period requires a strictly positive period\n" + PERIOD_HELP, err: "",
    });
    expect(methodsCalled(server)).toEqual([]);
  });
  test("zero or negative: the original's uncaught assertion, exit 1", async () => {
    for (const word of ["0", "-1", "nan"]) {
      const server = supvisorsServer(answers);
      expect(await oneShot(server, `stats_period ${word}`)).toEqual({ code: 1, out: "error: <class 'AssertionError'>, \n", err: "" });
      expect(methodsCalled(server)).toEqual([]);
    }
  });
  test("fault", async () => {
    const server = supvisorsServer({ "supvisors.update_collecting_period": new RpcFault(Faults.INCORRECT_PARAMETERS, "x") });
    expect(await oneShot(server, "stats_period 1")).toEqual({ code: 1, out: "ERROR (INCORRECT_PARAMETERS: x)\n", err: "" });
  });
  test("Python float() words", () => {
    expect([pyFloat("1_0.5"), pyFloat(".5"), pyFloat("1e3"), pyFloat("-inf"), pyFloat("1_"), pyFloat("0x10")]).toEqual([10.5, 0.5, 1000, -Infinity, null, null]);
    expect(Number.isNaN(pyFloat("NaN"))).toBe(true);
    expect([floatText(5), floatText(2.5), floatText(true)]).toEqual(["5.0", "2.5", "True"]);
  });
});
