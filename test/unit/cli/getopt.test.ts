// getopt follows Python's getopt.getopt, which supervisord parses its command line with: the same
// spellings are accepted and the same ones refused, with Python's messages.

import { describe, expect, test } from "bun:test";
import { getopt, GetoptError } from "../../../src/cli/getopt.ts";

const spec = { short: "c:nke:?", long: ["configuration=", "nodaemon", "nocleanup", "loglevel=", "logfile=", "logfile_maxbytes="] };

describe("getopt accepts what Python's getopt accepts", () => {
  const cases: [string, string[], [string, string][], string[]][] = [
    ["value as the next argument", ["-c", "a.conf"], [["-c", "a.conf"]], []],
    ["value glued to the letter", ["-ca.conf"], [["-c", "a.conf"]], []],
    ["flags grouped, the last letter taking the next argument", ["-nkc", "a.conf"], [["-n", ""], ["-k", ""], ["-c", "a.conf"]], []],
    ["flags grouped, the value glued", ["-nca.conf"], [["-n", ""], ["-c", "a.conf"]], []],
    ["long with =", ["--configuration=a.conf"], [["--configuration", "a.conf"]], []],
    ["long with the next argument", ["--configuration", "a.conf"], [["--configuration", "a.conf"]], []],
    ["long with an empty value", ["--configuration="], [["--configuration", ""]], []],
    ["a value that looks like an option", ["-c", "-n"], [["-c", "-n"]], []],
    ["unique prefix of a long name", ["--config=a", "--nod"], [["--configuration", "a"], ["--nodaemon", ""]], []],
    ["an exact name that is also a prefix of another", ["--logfile=x"], [["--logfile", "x"]], []],
    ["`--` ends the options", ["-n", "--", "-k"], [["-n", ""]], ["-k"]],
    ["the first non-option ends them", ["-n", "foo", "-k"], [["-n", ""]], ["foo", "-k"]],
    ["`-` alone is an argument", ["-", "-n"], [], ["-", "-n"]],
    ["`-?` is a letter like any other", ["-?"], [["-?", ""]], []],
  ];
  for (const [name, argv, options, rest] of cases) {
    test(name, () => expect(getopt(argv, spec)).toEqual({ options, rest }));
  }
});

describe("getopt refuses with Python's messages", () => {
  const cases: [string[], string][] = [
    [["-x"], "option -x not recognized"],
    [["-nx"], "option -x not recognized"],
    [["-c"], "option -c requires argument"],
    [["--bogus"], "option --bogus not recognized"],
    [["--log=x"], "option --log not a unique prefix"],
    [["--no"], "option --no not a unique prefix"],
    [["--config"], "option --configuration requires argument"],
    [["--nodaemon=1"], "option --nodaemon must not have an argument"],
    [["--nod=1"], "option --nodaemon must not have an argument"],
    [["-:"], "option -: not recognized"],
  ];
  for (const [argv, message] of cases) {
    test(argv.join(" "), () => {
      expect(() => getopt(argv, spec)).toThrow(new GetoptError(message));
    });
  }
});
