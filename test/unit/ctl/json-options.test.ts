// The --json option of `flotilla ctl` on its command line: how it is read, what it refuses, how
// mistakes on the command line itself are answered in JSON, and its place in -h.

import { describe, expect, test } from "bun:test";
import { jsonRequested, parseCtlArgs, UsageError } from "../../../src/cli/ctl/argv.ts";
import { fakeServer } from "./fake-client.ts";
import { ctl, URL } from "./run-helper.ts";

describe("reading --json", () => {
  test("the option and its unique prefixes", () => {
    for (const word of ["--json", "--js", "--j"]) {
      expect(parseCtlArgs([word, "-s", URL, "status"]).json).toBe(true);
    }
    expect(parseCtlArgs(["-s", URL, "status"]).json).toBe(false);
  });
  test("after the command it is the command's word, not the option", () => {
    expect(parseCtlArgs(["status", "--json"])).toMatchObject({ json: false, command: ["status", "--json"] });
  });
  const refused: Array<[string[], string]> = [
    [["--json"], "--json needs a command: the interactive shell prints text"],
    [["--json", "-i", "status"], "--json cannot be used with -i: a question would break the JSON document"],
    [["--json", "--json", "status"], "conflicting command line option '--json'"],
    [["--json=1", "status"], "option --json must not have an argument"],
  ];
  for (const [argv, message] of refused) {
    test(`refused: ${argv.join(" ")}`, () => {
      expect(() => parseCtlArgs(argv)).toThrow(new UsageError(message));
    });
  }
  test("-h wins, as it stops the reading", () => {
    expect(parseCtlArgs(["--json", "-h"]).help).toBe(true);
  });
});

describe("jsonRequested: --json found even when the line has a mistake", () => {
  const cases: Array<[string[], boolean]> = [
    [["--json", "--bogus", "status"], true],
    [["--bogus", "--js", "status"], true],
    [["-x", "--json"], true],
    [["-s", "--json", "status"], false],
    [["-s--json", "status"], false],
    [["-is", "--json", "status"], false],
    [["--serverurl", "--json", "status"], false],
    [["--serverurl=--json", "--json", "status"], true],
    [["status", "--json"], false],
    [["--", "--json", "status"], false],
    [["-c", "x.conf", "-i"], false],
  ];
  for (const [argv, expected] of cases) {
    test(argv.join(" "), () => expect(jsonRequested(argv)).toBe(expected));
  }
});

describe("command-line mistakes answered in JSON", () => {
  const cases: Array<[string[], string, string]> = [
    [["--json"], "usage", "--json needs a command: the interactive shell prints text"],
    [["--json", "--bogus", "status"], "usage", "option --bogus not recognized"],
    [["--json", "-s", "foo", "status"], "usage", "invalid value for -s 'foo': value 'foo' is not a URL"],
    [["--json", "-c", "/nonexistent/x.conf", "status"], "config", "could not find config file /nonexistent/x.conf"],
  ];
  for (const [argv, kind, text] of cases) {
    test(argv.join(" "), async () => {
      const run = await ctl(fakeServer(), argv);
      expect(JSON.parse(run.out)).toEqual({ error: { kind, code: null, text, message: `Error: ${text}` } });
      expect(run.err).toBe("");
      expect(run.code).toBe(2);
      // Text mode (where the line still has a command): the same status, the message on stderr.
      if (argv.length > 1) {
        const plain = await ctl(fakeServer(), argv.filter((a) => a !== "--json"));
        expect(plain.code).toBe(2);
        expect(plain.err).toBe(`Error: ${text}\nFor help, use supervisorctl -h\n`);
      }
    });
  }
});

describe("-h", () => {
  test("documents --json as a Flotilla extra", async () => {
    const run = await ctl(fakeServer(), ["-h"]);
    expect(run.out).toContain("--json -- print one JSON document on stdout for the action, for scripts (Flotilla");
    expect(run.out).toContain("     extra; needs an action, not with -i).");
    expect(run.out).toContain("tail -f, maintail -f and fg are refused.");
    // -h stays text even with --json: it is help, not an action.
    expect((await ctl(fakeServer(), ["--json", "-h"])).out).toBe(run.out);
  });
});

describe("the shell is untouched", () => {
  test("without --json, piped commands print text", async () => {
    const s = fakeServer({ "supervisor.getAllProcessInfo": [], "supervisor.getSupervisorVersion": "4.2.5" });
    const run = await ctl(s, ["-s", URL], "version\nquit\n");
    expect(run.out).toBe("supervisor> 4.2.5\nsupervisor> \n");
  });
});
