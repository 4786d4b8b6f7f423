import { expect, test } from "bun:test";
import { formatLogTimestamp, supvisorsLineFormat } from "../../../src/process/logs/index.ts";

const t = Date.UTC(2026, 10, 24, 21, 45, 23, 123);

test("Supvisors' line format: asctime;levelname;message, with an optional software_name prefix (CFG-SV-34)", () => {
  expect(supvisorsLineFormat("")(t, "info", "x")).toBe(`${formatLogTimestamp(t)};INFO;x\n`);
  expect(supvisorsLineFormat("Demo")(t, "warn", "state: OPERATION")).toBe(`Demo;${formatLogTimestamp(t)};WARN;state: OPERATION\n`);
  expect(supvisorsLineFormat("")(t, "critical", "y")).toBe(`${formatLogTimestamp(t)};CRIT;y\n`);
});
