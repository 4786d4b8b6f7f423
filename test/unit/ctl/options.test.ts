// Command line (getopt rules, CFG-CT-05) and `[supervisorctl]` reading (CFG-CT-01..04), plus the
// small Python-compatible formatters they rely on.

import { afterAll, describe, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseCtlArgs } from "../../../src/cli/ctl/argv.ts";
import { columnize } from "../../../src/cli/ctl/columnize.ts";
import { expand, readCtlConfig } from "../../../src/cli/ctl/ctl-config.ts";
import { pyInt, pyRepr } from "../../../src/cli/ctl/py-format.ts";
import { splitUrl } from "../../../src/cli/ctl/server-url.ts";
import { fakeServer } from "./fake-client.ts";
import { ctl } from "./run-helper.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ctl-options-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("command line", () => {
  test("options stop at the first command word", () => {
    const a = parseCtlArgs(["-s", "http://h:1", "-uuser", "--password=pw", "status", "-s", "x"]);
    expect(a).toMatchObject({ serverurl: "http://h:1", username: "user", password: "pw", command: ["status", "-s", "x"] });
  });
  test("unique prefixes of long options", () => {
    expect(parseCtlArgs(["--s=http://h:1", "--inter"]).serverurl).toBe("http://h:1");
    expect(parseCtlArgs(["--inter"]).interactive).toBe(true);
  });
  const usage: Array<[string[], string]> = [
    [["-x"], "Error: option -x not recognized\n"],
    [["-s"], "Error: option -s requires argument\n"],
    [["--serverurl"], "Error: option --serverurl requires argument\n"],
    [["--interactive=3"], "Error: option --interactive must not have an argument\n"],
    [["--foo"], "Error: option --foo not recognized\n"],
    [["-i", "-i"], "Error: conflicting command line option '-i'\n"],
    [["-s", "http://a", "-s", "http://b", "version"], "Error: conflicting command line option '-s'\n"],
    [["-s", "foo", "status"], "Error: invalid value for -s 'foo': value 'foo' is not a URL\n"],
    [["-c", "/nonexistent/x.conf", "status"], "Error: could not find config file /nonexistent/x.conf\n"],
  ];
  for (const [argv, message] of usage) {
    test(`usage error: ${argv.join(" ")}`, async () => {
      const run = await ctl(fakeServer(), argv);
      expect(run.err).toBe(message + "For help, use supervisorctl -h\n");
      expect(run.out).toBe("");
      expect(run.code).toBe(2);
    });
  }
  test("-h prints the usage and exits 0 before anything else", async () => {
    const run = await ctl(fakeServer(), ["-h", "-s", "foo"]);
    expect(run.out).toContain("Usage: supervisorctl [options] [action [arguments]]");
    expect(run.code).toBe(0);
  });
});

describe("[supervisorctl] section", () => {
  test("values, %(here)s and %(ENV_x)s, inline comments, command line wins", async () => {
    const file = path.join(dir, "a.conf");
    fs.writeFileSync(
      file,
      "[supervisord]\nlogfile=x\n\n[supervisorctl]\nserverurl = unix://%(here)s/s.sock ; the socket\n" +
        "username=%(ENV_CTL_USER)s\npassword: secret\nprompt=mine\nhistory_file=%(here)s/hist\n[ctlplugin:supvisors]\n" +
        "supervisor.ctl_factory = supvisors.supvisorsctl:make_supvisors_controller_plugin\n",
    );
    const settings = readCtlConfig(file, { CTL_USER: "bob" });
    expect(settings).toMatchObject({
      serverurl: `unix://${dir}/s.sock`,
      username: "bob",
      password: "secret",
      prompt: "mine",
      historyFile: `${dir}/hist`,
      plugins: [{ name: "supvisors", factory: "supvisors.supvisorsctl:make_supvisors_controller_plugin" }],
    });
    const plain = path.join(dir, "plain.conf");
    fs.writeFileSync(plain, `[supervisorctl]\nserverurl=unix://${dir}/s.sock\nusername=bob\npassword=secret\n`);
    const s = fakeServer({ "supervisor.getSupervisorVersion": "4.2.5" });
    const run = await ctl(s, ["-c", plain, "-u", "alice", "version"]);
    expect(run.err).toBe("");
    expect(s.calls[0]).toMatchObject({ url: `unix://${dir}/s.sock`, username: "alice", password: "secret" });
  });
  test("the shell uses the configured prompt", async () => {
    const file = path.join(dir, "p.conf");
    fs.writeFileSync(file, "[supervisorctl]\nprompt=fleet\n");
    const run = await ctl(fakeServer({ "supervisor.getAllProcessInfo": [] }), ["-c", file, "-s", "http://h:1"], "");
    expect(run.out).toBe("fleet> \n");
  });
  test("a file without the section is refused", async () => {
    const file = path.join(dir, "b.conf");
    fs.writeFileSync(file, "[supervisord]\n");
    const run = await ctl(fakeServer(), ["-c", file, "status"]);
    expect(run.err).toBe("Error: .ini file does not include supervisorctl section\nFor help, use supervisorctl -h\n");
    expect(run.code).toBe(2);
  });
  test("a line outside any section names file and line", async () => {
    const file = path.join(dir, "c.conf");
    fs.writeFileSync(file, "serverurl=x\n[supervisorctl]\n");
    const run = await ctl(fakeServer(), ["-c", file, "status"]);
    expect(run.err).toContain(`${file}:1:`);
    expect(run.code).toBe(2);
  });
  test("expansion errors", () => {
    expect(() => expand("%(nope)s", { here: "/" }, "supervisorctl.serverurl")).toThrow(
      "Format string '%(nope)s' for 'supervisorctl.serverurl' contains names ('nope') which cannot be expanded. Available names: here",
    );
    expect(expand("100%%", {}, "x")).toBe("100%");
  });
});

describe("formatters", () => {
  test("columnize fills columns first and drops trailing blanks", () => {
    expect(columnize(["a", "bb", "c"], 79)).toEqual(["a  bb  c"]);
    expect(columnize(["aaaa", "bbbb", "cccc"], 10)).toEqual(["aaaa  cccc", "bbbb"]);
    expect(columnize(["aaaa", "bbbb", "cccc"], 9)).toEqual(["aaaa", "bbbb", "cccc"]);
    expect(columnize(["only"], 1)).toEqual(["only"]);
  });
  test("pyRepr and pyInt", () => {
    expect(pyRepr("foo")).toBe("'foo'");
    expect(pyRepr("it's")).toBe(`"it's"`);
    expect(pyRepr("a'\"b\n")).toBe(`'a\\'"b\\n'`);
    expect(pyInt(" 12 ")).toBe(12);
    expect(pyInt("1_000")).toBe(1000);
    expect(pyInt("f")).toBeNull();
  });
  test("splitUrl", () => {
    expect(splitUrl("localhost:9001")).toEqual({ scheme: "localhost", netloc: "", path: "9001" });
    expect(splitUrl("unix:///tmp/s.sock")).toEqual({ scheme: "unix", netloc: "", path: "/tmp/s.sock" });
  });
});
