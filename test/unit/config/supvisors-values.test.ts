// Pure conversions of Supvisors option strings, and supvisors_list entries, table-driven.
import { describe, expect, test } from "bun:test";
import { parseDeclaredInstance, splitSupvisorsList } from "../../../src/config/supvisors-list.ts";
import {
  parseInterfaceAddress,
  parseMulticastGroup,
  parsePythonFloat,
  parseRangedInteger,
  parseStatsEnabled,
  parseStatsPeriods,
  parseSynchroOptions,
  uniqueNonEmpty,
} from "../../../src/config/supvisors-values.ts";

test.each([
  ["5", 5],
  [" 2.5 ", 2.5],
  ["+.5", 0.5],
  ["1e1", 10],
  ["1_000.0_5", 1000.05],
  ["7.", 7],
  ["-3E-2", -0.03],
])("parsePythonFloat(%p) = %p", (text, value) => {
  expect(parsePythonFloat(text)).toBe(value);
});

test.each(["", "abc", "1..2", "1_", "_1", "nan", "inf", "0x10", "1,5"])("parsePythonFloat(%p) throws", (text) => {
  expect(() => parsePythonFloat(text)).toThrow("is not a number");
});

test("parseRangedInteger: Python int() spellings, bounds inclusive", () => {
  expect([" 15", "+20", "01_200"].map((v) => parseRangedInteger(v, "synchro_timeout", 15, 1200))).toEqual([15, 20, 1200]);
  expect(() => parseRangedInteger("1201", "synchro_timeout", 15, 1200, " (seconds)")).toThrow(
    "invalid value for synchro_timeout: '1201'; write an integer from 15 to 1200 (seconds)",
  );
  expect(() => parseRangedInteger("15.0", "x", 15, 1200)).toThrow("invalid value for x: '15.0'");
});

describe("multicast", () => {
  test.each([
    ["224.0.0.1:1", { address: "224.0.0.1", port: 1 }],
    ["239.255.255.255:65535", { address: "239.255.255.255", port: 65535 }],
    ["232.1.2.3:7777", { address: "232.1.2.3", port: 7777 }],
  ])("group %p", (text, expected) => {
    expect(parseMulticastGroup(text)).toEqual(expected);
  });

  test.each([
    ["224.0.0.0:7777", "reserved multicast address"],
    ["232.0.0.0:7777", "reserved multicast address"],
    ["233.0.0.0:7777", "reserved multicast address"],
    ["240.0.0.1:7777", "from 224.0.0.0 to 239.255.255.255"],
    ["223.255.255.255:7777", "from 224.0.0.0 to 239.255.255.255"],
    ["239.0.1:7777", "from 224.0.0.0 to 239.255.255.255"],
    ["239.0.0.1:65536", "integer from 1 to 65535"],
    ["239.0.0.1:", "integer from 1 to 65535"],
    ["239.0.0.1", "write address:port"],
  ])("group %p refused", (text, message) => {
    expect(() => parseMulticastGroup(text)).toThrow(message);
  });

  test("interface", () => {
    expect(parseInterfaceAddress("ANY")).toBeNull();
    expect(parseInterfaceAddress("INADDR_ANY")).toBeNull();
    expect(parseInterfaceAddress("192.168.1.10")).toBe("192.168.1.10");
    for (const bad of ["Any", "host", "1.2.3", "1.2.3.4.5", "1.2.3.-1"]) expect(() => parseInterfaceAddress(bad)).toThrow("multicast_interface");
  });
});

test("synchro_options: case-insensitive, deduplicated, empty items skipped, '' is empty", () => {
  expect(parseSynchroOptions("timeout, Strict,,TIMEOUT")).toEqual(["TIMEOUT", "STRICT"]);
  expect(parseSynchroOptions("")).toEqual([]);
  expect(() => parseSynchroOptions("LIST,NEVER")).toThrow("invalid value for synchro_options: 'NEVER'; write one of STRICT, LIST, TIMEOUT, CORE, USER");
});

test.each([
  ["ALL", { host: true, process: true }],
  ["OFF", { host: false, process: false }],
  ["off,all", { host: true, process: true }],
  ["HOST,PROCESS", { host: true, process: true }],
  ["0", { host: false, process: false }],
  ["on", { host: true, process: true }],
])("stats_enabled %p", (text, expected) => {
  expect(parseStatsEnabled(text)).toEqual(expected);
});

test("stats_periods: 1 to 3 values, sorted", () => {
  expect(parseStatsPeriods("3600,1,60")).toEqual([1, 60, 3600]);
  expect(() => parseStatsPeriods("")).toThrow("write 1 to 3 numbers");
  expect(() => parseStatsPeriods("10,")).toThrow("invalid value for stats_periods: ''");
});

test("uniqueNonEmpty keeps the first occurrence order", () => {
  expect(uniqueNonEmpty(" b, a ,, b,c")).toEqual(["b", "a", "c"]);
});

describe("supvisors_list entries", () => {
  const ctx = { localHttpPort: 9001, eventPort: null };
  test.each([
    ["node1", { identifier: "node1:9001", nick: "node1", host: "node1", httpPort: 9001, eventPort: 9002 }],
    ["node1:61000", { identifier: "node1:61000", nick: "node1:61000", host: "node1", httpPort: 61000, eventPort: 61001 }],
    ["<a.b:c-d_e>10.0.0.1", { identifier: "10.0.0.1:9001", nick: "a.b:c-d_e", host: "10.0.0.1", httpPort: 9001, eventPort: 9002 }],
    ["<supervisor>h:1", { identifier: "h:1", nick: "h:1", host: "h", httpPort: 1, eventPort: 2 }],
    ["<supervisor>h", { identifier: "h:9001", nick: "h", host: "h", httpPort: 9001, eventPort: 9002 }],
    ["<nœud>hôte.example:65535", { identifier: "hôte.example:65535", nick: "nœud", host: "hôte.example", httpPort: 65535, eventPort: 65536 }],
  ])("%p", (entry, expected) => {
    expect(parseDeclaredInstance(entry, ctx)).toEqual({ ...expected, written: entry });
  });

  test("event_port option applies to every instance", () => {
    expect(parseDeclaredInstance("h:1000", { localHttpPort: 9001, eventPort: 7000 }).eventPort).toBe(7000);
  });

  test.each(["", "<>h", "<a>", "h:", "h:0", "h:65536", "h:12ab", "h:1:2", "[::1]:9001", "a/b", "<a>b c", "h :1"])("%p refused", (entry) => {
    expect(() => parseDeclaredInstance(entry, ctx)).toThrow();
  });

  test("split: stripped, empty items and exact duplicates dropped, order kept", () => {
    expect(splitSupvisorsList(" b:1 ,a:1,, b:1,a:2 ")).toEqual(["b:1", "a:1", "a:2"]);
  });
});
