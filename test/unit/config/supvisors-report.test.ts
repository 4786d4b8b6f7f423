// renderSupvisorsReport: the `flotilla check` block; the peer key never appears.
import { afterAll, expect, test } from "bun:test";
import { join } from "node:path";
import { readSupvisorsOptions, renderSupvisorsReport, type SupvisorsOptions } from "../../../src/config/supvisors.ts";
import { header, load, TempDir, TEST_ENV } from "./helpers.ts";

const dir = new TempDir();
afterAll(() => dir.remove());
dir.mkdir("logs");
dir.write("rules/a.xml", "<root/>");

function options(body: string): SupvisorsOptions {
  const c = load(dir, `${header(dir)}[inet_http_server]\nport = 127.0.0.1:61000\n[supvisors]\n${body}`);
  const r = readSupvisorsOptions(c, { env: TEST_ENV, cwd: dir.path, hostNodeName: "node1" });
  if (r.options === null) throw new Error("expected options");
  return r.options;
}

test("every option is shown, the key only as (set)", () => {
  const o = options(
    [
      "supvisors_list = <alpha>127.0.0.1:61000,127.0.0.1:61001",
      "peer_key = Very-Secret-Key-42",
      "multicast_group = 239.0.0.1:7777",
      "multicast_interface = 127.0.0.1",
      "core_identifiers = alpha",
      "synchro_options = STRICT,CORE",
      "tick_period = 0.2",
      "inactivity_ticks = 3",
      "rules_files = rules/*.xml",
      "event_link = WS",
      "stats_enabled = HOST",
      "stats_periods = 5,60",
      "logfile = logs/sv.log",
      "",
    ].join("\n"),
  );
  const text = renderSupvisorsReport(o);
  expect(text).not.toContain("Very-Secret-Key-42");
  expect(text).toBe(
    [
      `Supvisors: [supvisors] [${join(dir.path, "supervisord.conf")}:6]`,
      "  instances (supvisors_list):",
      "    127.0.0.1:61000 <alpha>  (event port 61001)",
      "    127.0.0.1:61001  (event port 61002)",
      "  discovery (multicast_group) 239.0.0.1:7777",
      "  multicast_interface         127.0.0.1",
      "  multicast_ttl               1",
      "  stereotypes                 (none)",
      "  core_identifiers            alpha",
      "  synchro_options             STRICT, CORE",
      "  synchro_timeout             15 s",
      "  tick_period                 0.2 s",
      "  inactivity_ticks            3 (peer lost after 0.6 s)",
      "  auto_fence                  false",
      "  peer_key                    (set)",
      "  starting_strategy           CONFIG",
      "  conciliation_strategy       USER",
      "  supvisors_failure_strategy  CONTINUE",
      `  rules_files                 ${join(dir.path, "rules/a.xml")}`,
      "  disabilities_file           (none: not persisted)",
      "  event_link                  WS",
      "  event_port                  (http port + 1)",
      "  software_name               (none)",
      "  software_icon               (none)",
      "  css_files                   (none)",
      "  statistics                  host on, process off, every 5 s, periods 5, 60 s, history 200, Solaris mode",
      "  tail_limit / tailf_limit    1KB / 1KB",
      `  logfile                     ${join(dir.path, "logs/sv.log")} (maxbytes 50MB, backups 10, loglevel info)`,
      "",
    ].join("\n"),
  );
});

test("an open cluster and the local-only entry are said plainly", () => {
  const text = renderSupvisorsReport(options(""));
  expect(text).toContain("  instances (supvisors_list empty: local entry only):\n    node1:61000  (event port 61001)\n");
  expect(text).toContain("  peer_key                    (not set: the cluster is open to anyone on the network)\n");
  expect(text).toContain("  logfile                     AUTO (the supervisord log)\n");
});
