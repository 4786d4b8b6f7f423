// [include]: globs relative to the main file, sorted per glob, `here` per file, error locations.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { header, load, loadError, TempDir } from "./helpers.ts";

let dir: TempDir;
beforeEach(() => {
  dir = new TempDir();
});
afterEach(() => dir.remove());

describe("[include]", () => {
  test("globs are relative to the main file and sorted per glob", () => {
    dir.write("conf.d/b.conf", "[program:b]\ncommand=%(here)s/b\n");
    dir.write("conf.d/a.conf", "[program:a]\ncommand=%(here)s/a\n");
    dir.write("extra/z.ini", "[program:z]\ncommand=%(here)s/z\n");
    const c = load(dir, `${header(dir)}[include]\nfiles = extra/*.ini conf.d/*.conf\n`, "main.conf");
    expect(c.includedFiles).toEqual([join(dir.path, "extra/z.ini"), join(dir.path, "conf.d/a.conf"), join(dir.path, "conf.d/b.conf")]);
    expect(c.groups.map((g) => g.processes[0]?.command)).toEqual([
      join(dir.path, "conf.d/a"),
      join(dir.path, "conf.d/b"),
      join(dir.path, "extra/z"),
    ]);
    expect(c.groups.find((g) => g.name === "a")?.source).toEqual({ file: join(dir.path, "conf.d/a.conf"), line: 1 });
    expect(c.warnings).toEqual([]);
  });

  test("the main file in a subdirectory: paths relative to it", () => {
    dir.write("etc/conf.d/a.conf", "[program:a]\ncommand=x\n");
    const c = load(dir, `${header(dir)}[include]\nfiles=conf.d/*.conf\n`, "etc/supervisord.conf");
    expect(c.includedFiles).toEqual([join(dir.path, "etc/conf.d/a.conf")]);
    expect(c.here).toBe(join(dir.path, "etc"));
  });

  test("no match gives a warning", () => {
    const c = load(dir, `${header(dir)}[include]\nfiles = none/*.conf\n`);
    expect(c.warnings).toEqual([`No file matches via include "${dir.path}/none/*.conf" (${c.file}:5)`]);
  });

  test("files may use here, host_node_name and ENV_", () => {
    dir.write("node1/bar.conf", "[program:a]\ncommand=x\n");
    const c = load(dir, `${header(dir)}[include]\nfiles = %(here)s/%(host_node_name)s/%(ENV_FOO)s.conf\n`);
    expect(c.includedFiles).toEqual([join(dir.path, "node1/bar.conf")]);
  });

  test("files is required", () => {
    expect(loadError(dir, `${header(dir)}[include]\n`)).toBe(
      `${join(dir.path, "supervisord.conf")}:4: [include]: the [include] section has no files option; add e.g. files = conf.d/*.conf`,
    );
  });

  test("errors in an included file name that file and line", () => {
    dir.write("conf.d/bad.conf", "; comment\n[program:bad]\ncommand = x\nstartsecs = soon\n");
    expect(loadError(dir, `${header(dir)}[include]\nfiles = conf.d/*.conf\n`)).toBe(
      `${join(dir.path, "conf.d/bad.conf")}:4: [program:bad] startsecs: 'soon' is not a valid integer; write a whole number such as 10`,
    );
    dir.write("conf.d/bad.conf", "[program:bad]\ncommand = x\ngarbage\n");
    expect(loadError(dir, `${header(dir)}[include]\nfiles = conf.d/*.conf\n`)).toStartWith(`${join(dir.path, "conf.d/bad.conf")}:3: [program:bad]: cannot parse "garbage"`);
  });

  test("with [include], %(here)s is substituted everywhere, per file", () => {
    dir.write("plug/p.conf", "[rpcinterface:x]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\nrules = %(here)s/r.xml\n");
    const c = load(
      dir,
      `${header(dir)}[inet_http_server]\nport=9001\nusername=%(here)s\npassword=p\n[include]\nfiles = plug/p.conf\n`,
    );
    expect(c.rpcInterfaces[0]?.options).toEqual({ rules: join(dir.path, "plug/r.xml") });
    expect(c.inetServer?.username).toBe(dir.path);
  });

  test("an included file may extend a section of the main file; its options get its own here", () => {
    dir.write("sub/more.conf", "[program:a]\nstdout_logfile=%(here)s/a.log\n");
    const c = load(dir, `${header(dir)}[program:a]\ncommand=%(here)s/a\n[include]\nfiles=sub/more.conf\n`);
    const p = c.groups[0]?.processes[0];
    expect(p?.command).toBe(join(dir.path, "a"));
    expect(p?.stdout.logfile).toEqual({ kind: "file", path: join(dir.path, "sub/a.log") });
  });

  test("nested includes are not followed", () => {
    dir.write("one.conf", "[include]\nfiles = two.conf\n[program:one]\ncommand=x\n");
    dir.write("two.conf", "[program:two]\ncommand=x\n");
    const c = load(dir, `${header(dir)}[include]\nfiles = one.conf\n`);
    expect(c.groups.map((g) => g.name)).toEqual(["one"]);
  });

  test("supervisorctl sections in included files are ignored, with a warning", () => {
    dir.write("ctl.conf", "[supervisorctl]\nprompt = other\n");
    const c = load(dir, `${header(dir)}[include]\nfiles = ctl.conf\n`);
    expect(c.ctl.prompt).toBe("supervisor");
    expect(c.warnings).toEqual([
      `section [supervisorctl] (${join(dir.path, "ctl.conf")}:1) is in an included file, which supervisorctl does not read; move it to the main configuration file`,
    ]);
  });

  test("[supervisord] may come from an included file", () => {
    dir.write("sd.conf", header(dir));
    expect(load(dir, "[include]\nfiles = sd.conf\n").server.logfile).toBe(join(dir.path, "sd.log"));
  });

  test("a directory matched by the glob is skipped with a warning", () => {
    dir.mkdir("conf.d/sub.conf");
    dir.write("conf.d/a.conf", "[program:a]\ncommand=x\n");
    const c = load(dir, `${header(dir)}[include]\nfiles = conf.d/*.conf\n`);
    expect(c.includedFiles).toEqual([join(dir.path, "conf.d/a.conf")]);
    expect(c.warnings).toEqual([`include "conf.d/*.conf" matches ${join(dir.path, "conf.d/sub.conf")}, which is skipped: it is a directory`]);
  });

  test("an included file that is not UTF-8 is fatal and named", () => {
    writeFileSync(join(dir.path, "bin.conf"), new Uint8Array([0x5b, 0xff, 0xfe, 0x5d]));
    expect(loadError(dir, `${header(dir)}[include]\nfiles = bin.conf\n`)).toBe(`${join(dir.path, "bin.conf")}: the file is not valid UTF-8 text`);
  });
});
