// File options of the Supvisors section: rules_files, css_files, software_icon (globs expanded a
// second time, made absolute, deduplicated, sorted) and disabilities_file (directories created).
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { readSupvisorsOptions, type SupvisorsOptions, type SupvisorsReadOptions } from "../../../src/config/supvisors.ts";
import { header, load, TempDir, TEST_ENV } from "./helpers.ts";

const dir = new TempDir();
afterAll(() => dir.remove());
for (const f of ["rules/b.xml", "rules/a.xml", "rules/.hidden.xml", "other/c.xml", "node1.xml", "css/1.css", "css/2.css", "icons/z.png", "icons/a.png"]) {
  dir.write(f, "x");
}
dir.mkdir("icons/dir.png");
dir.write("blocker", "a file where a directory is wanted");

const BODY_LINE = 8;

function read(body: string[], opts: SupvisorsReadOptions = {}): { options: SupvisorsOptions; warnings: string[]; file: string } {
  const config = load(
    dir,
    `${header(dir)}[inet_http_server]\nport = 127.0.0.1:61000\n[rpcinterface:supvisors]\n` +
      `supervisor.rpcinterface_factory = supvisors.plugin:make_supvisors_rpcinterface\n${body.join("\n")}\npeer_key = k\n`,
  );
  const r = readSupvisorsOptions(config, { env: TEST_ENV, cwd: dir.path, hostNodeName: "node1", passwdFile: join(dir.path, "passwd"), ...opts });
  if (r.options === null) throw new Error("expected options");
  return { options: r.options, warnings: r.warnings, file: config.file };
}

function warningsAt(warnings: string[], file: string, option: string): string[] {
  return warnings.filter((w) => w.startsWith(`${file}:${BODY_LINE}: [rpcinterface:supvisors] ${option}: `));
}

describe("rules_files and css_files", () => {
  test("globbed, absolute, deduplicated, sorted; hidden files need a dot pattern", () => {
    const { options, warnings, file } = read(["rules_files = rules/*.xml other/c.xml   rules/a.xml " + join(dir.path, "rules/b.xml")]);
    expect(options.rulesFiles).toEqual([join(dir.path, "other/c.xml"), join(dir.path, "rules/a.xml"), join(dir.path, "rules/b.xml")]);
    expect(warningsAt(warnings, file, "rules_files")).toEqual([]);
  });

  test("second expansion: %%(here)s, %%(host_node_name)s and ENV names", () => {
    const { options } = read(["rules_files = %%(here)s/rules/a.xml %%(host_node_name)s.xml %%(ENV_FOO)s/none"]);
    expect(options.rulesFiles).toEqual([join(dir.path, "node1.xml"), join(dir.path, "rules/a.xml")]);
  });

  test("an unknown name in the second expansion is an error: no files", () => {
    const { options, warnings, file } = read(["rules_files = %%(nope)s/*.xml"]);
    expect(options.rulesFiles).toEqual([]);
    const [w] = warningsAt(warnings, file, "rules_files");
    expect(w).toContain("cannot expand rules_files '%(nope)s/*.xml': %(nope)s cannot be expanded; available names: ENV_FOO, ENV_HOME, ENV_TMPDIR, here, host_node_name");
    expect(w).toEndWith("; the default (none) is used instead");
  });

  test("no match: warning, no files", () => {
    const { options, warnings, file } = read(["css_files = nothing/*.css"]);
    expect(options.cssFiles).toEqual([]);
    expect(warningsAt(warnings, file, "css_files")).toEqual([
      `${file}:${BODY_LINE}: [rpcinterface:supvisors] css_files: no file found matching 'nothing/*.css'; check the pattern and that the files exist`,
    ]);
  });

  test("css_files keeps the sorted matches", () => {
    expect(read(["css_files = css/2.css css/*.css"]).options.cssFiles).toEqual([join(dir.path, "css/1.css"), join(dir.path, "css/2.css")]);
  });
});

describe("software_icon", () => {
  test("first regular file of the sorted matches, with a warning naming the candidates", () => {
    const { options, warnings, file } = read(["software_icon = icons/*.png"]);
    expect(options.softwareIcon).toBe(join(dir.path, "icons/a.png"));
    expect(warningsAt(warnings, file, "software_icon")).toEqual([
      `${file}:${BODY_LINE}: [rpcinterface:supvisors] software_icon: several files match 'icons/*.png': ${join(dir.path, "icons/a.png")}, ${join(dir.path, "icons/z.png")}; the first one is used`,
    ]);
  });

  test("a directory is not an icon", () => {
    const { options, warnings, file } = read(["software_icon = icons/dir.png"]);
    expect(options.softwareIcon).toBeNull();
    expect(warningsAt(warnings, file, "software_icon")).toEqual([]);
  });

  test("no match: null and a warning", () => {
    const { options, warnings, file } = read(["software_icon = icons/*.svg"]);
    expect(options.softwareIcon).toBeNull();
    expect(warningsAt(warnings, file, "software_icon")[0]).toContain("no file found matching 'icons/*.svg'");
  });
});

describe("disabilities_file", () => {
  test("missing directories are created; the path is made absolute", () => {
    const { options, warnings } = read(["disabilities_file = state/deep/dis.json"]);
    expect(options.disabilitiesFile).toBe(join(dir.path, "state/deep/dis.json"));
    expect(statSync(join(dir.path, "state/deep")).isDirectory()).toBe(true);
    expect(warnings.some((w) => w.includes("disabilities_file"))).toBe(false);
  });

  test("~ is expanded; without createDirectories the missing directory is reported, not created", () => {
    const { options, warnings, file } = read(["disabilities_file = ~/sv/dis.json"], { createDirectories: false });
    expect(options.disabilitiesFile).toBe("/home/alice/sv/dis.json");
    expect(existsSync("/home/alice/sv")).toBe(false);
    expect(warningsAt(warnings, file, "disabilities_file")).toEqual([
      `${file}:${BODY_LINE}: [rpcinterface:supvisors] disabilities_file: the directory '/home/alice/sv' does not exist; it will be created at start`,
    ]);
  });

  test("a directory that cannot be created is an error: no persistence", () => {
    const { options, warnings, file } = read(["disabilities_file = blocker/dis.json"]);
    expect(options.disabilitiesFile).toBeNull();
    const [w] = warningsAt(warnings, file, "disabilities_file");
    expect(w).toContain(`the directory '${join(dir.path, "blocker")}' of disabilities_file 'blocker/dis.json' cannot be created`);
    expect(w).toEndWith("the default (none) is used instead");
  });

  test("empty value: no persistence, with the warning Supvisors gives", () => {
    const { options, warnings } = read(["disabilities_file ="]);
    expect(options.disabilitiesFile).toBeNull();
    expect(warnings.some((w) => w.includes("disabilities_file: not set: disabled programs are not remembered"))).toBe(true);
  });
});
