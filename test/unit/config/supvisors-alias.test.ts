// Flotilla's `[supvisors]` section: an alias of `[rpcinterface:supvisors]` without the factory line.
import { afterAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { readSupvisorsOptions, SUPVISORS_FACTORY } from "../../../src/config/supvisors.ts";
import { header, load, loadError, TempDir, TEST_ENV } from "./helpers.ts";

const dir = new TempDir();
afterAll(() => dir.remove());

const INET = "[inet_http_server]\nport = 127.0.0.1:61000\n";

describe("[supvisors]", () => {
  test("is kept by loadConfig with expanded options and their lines, without an unknown-section warning", () => {
    const c = load(dir, `${header(dir)}${INET}[supvisors]\nsupvisors_list = 127.0.0.1:61000,127.0.0.1:61001\npeer_key = %(ENV_FOO)s\n`);
    expect(c.supvisorsSection).toEqual({
      name: "supvisors",
      factory: SUPVISORS_FACTORY,
      options: { supvisors_list: "127.0.0.1:61000,127.0.0.1:61001", peer_key: "bar" },
      source: { file: c.file, line: 6 },
      optionSources: { supvisors_list: { file: c.file, line: 7 }, peer_key: { file: c.file, line: 8 } },
    });
    expect(c.rpcInterfaces).toEqual([]);
    expect(c.warnings).toEqual([]);
  });

  test("is read by readSupvisorsOptions, errors naming [supvisors] and the option line", () => {
    const c = load(dir, `${header(dir)}${INET}[supvisors]\nsupvisors_list = 127.0.0.1:61000,127.0.0.1:61001\ntick_period = 0.2\ninactivity_ticks = 1\n`);
    const { options, warnings } = readSupvisorsOptions(c, { env: TEST_ENV, cwd: dir.path, hostNodeName: "node1" });
    expect(options?.section).toBe("supvisors");
    expect(options?.instances.map((i) => i.identifier)).toEqual(["127.0.0.1:61000", "127.0.0.1:61001"]);
    expect(options?.tickPeriod).toBe(0.2);
    expect(warnings).toContain(
      `${c.file}:9: [supvisors] inactivity_ticks: invalid value for inactivity_ticks: '1'; write an integer from 2 to 720; the default 2 is used instead`,
    );
  });

  test("no section at all: no [supvisors] either", () => {
    expect(load(dir, header(dir)).supvisorsSection).toBeNull();
  });

  test("a factory line naming the Supvisors factory is accepted and dropped", () => {
    const c = load(dir, `${header(dir)}[supvisors]\nsupervisor.rpcinterface_factory = supvisors.plugin : make_supvisors_rpcinterface\nstereotypes = web\n`);
    expect(c.supvisorsSection?.options).toEqual({ stereotypes: "web" });
  });

  test("any other factory line is fatal", () => {
    expect(loadError(dir, `${header(dir)}[supvisors]\nsupervisor.rpcinterface_factory = my.mod:make\n`)).toBe(
      `${join(dir.path, "supervisord.conf")}:5: [supvisors] supervisor.rpcinterface_factory: [supvisors] always uses ${SUPVISORS_FACTORY}; remove this line, or move the options to an [rpcinterface:x] section`,
    );
  });

  test("values get ENV names only, like rpcinterface values", () => {
    expect(loadError(dir, `${header(dir)}[supvisors]\nrules_files = %(here)s/r.xml\n`)).toStartWith(
      `${join(dir.path, "supervisord.conf")}:5: [supvisors] rules_files: '%(here)s/r.xml' uses %(here)s, which cannot be expanded here.`,
    );
  });

  test("in an included file, lines point into that file", () => {
    const inc = dir.write("conf.d/cluster.conf", "[supvisors]\n\nsynchro_timeout = 2\n");
    const c = load(dir, `${header(dir)}${INET}[include]\nfiles = conf.d/*.conf\n`);
    const { options, warnings } = readSupvisorsOptions(c, { env: TEST_ENV, cwd: dir.path, hostNodeName: "node1" });
    expect(options?.source).toEqual({ file: inc, line: 1 });
    expect(warnings[0]).toStartWith(`${inc}:3: [supvisors] synchro_timeout: invalid value for synchro_timeout: '2'`);
  });

  test("together with [rpcinterface:supvisors] is fatal", () => {
    const c = load(
      dir,
      `${header(dir)}${INET}[rpcinterface:supvisors]\nsupervisor.rpcinterface_factory = ${SUPVISORS_FACTORY}\n[supvisors]\nstereotypes = x\n`,
    );
    expect(() => readSupvisorsOptions(c, { env: TEST_ENV, cwd: dir.path })).toThrow(
      `${c.file}:8: [supvisors]: both [supvisors] and [rpcinterface:supvisors] (${c.file}:6) hold Supvisors options; keep only one of them`,
    );
  });
});

test("rpcinterface sections get the line of each option", () => {
  const c = load(dir, `${header(dir)}[rpcinterface:supvisors]\nsupervisor.rpcinterface_factory = ${SUPVISORS_FACTORY}\n\nstereotypes = a\n`);
  expect(c.rpcInterfaces[0]?.optionSources).toEqual({ stereotypes: { file: c.file, line: 7 } });
});
