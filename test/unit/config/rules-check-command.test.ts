// `flotilla check` with rules_files, through the compiled binary (npm test builds it first):
// the rules summary and warnings after the configuration report, a rules error as exit 2, and
// the demo cluster's three configurations accepted with their rules.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { FLOTILLA, ROOT, requireBinary, run } from "../../integration/harness.ts";
import { TempDir } from "./helpers.ts";

const dir = new TempDir();
beforeAll(() => requireBinary());
afterAll(() => dir.remove());

/** A configuration with a Supvisors section reading `rules` (a glob), and the groups web and clock. */
function config(rules: string | null): string {
  return [
    "[supervisord]",
    `logfile = ${dir.path}/main.log`,
    "[inet_http_server]",
    "port = 127.0.0.1:65011",
    "[supvisors]",
    "supvisors_list = 127.0.0.1:65011",
    ...(rules === null ? [] : [`rules_files = ${rules}`]),
    "[group:web]",
    "programs = db,worker",
    "[program:db]",
    "command = sleep 60",
    "[program:worker]",
    "command = sleep 60",
    "process_name = %(program_name)s_%(process_num)d",
    "numprocs = 2",
    "[program:clock]",
    "command = sleep 60",
    "",
  ].join("\n");
}

function check(conf: string): { stdout: string; stderr: string; code: number } {
  return run(FLOTILLA, ["check", "-c", conf]);
}

function warningLines(stdout: string): string[] {
  return stdout.split("\n").filter((line) => line.startsWith("warning: "));
}

describe("flotilla check with rules_files", () => {
  test("summary after the configuration report, then the rules warnings, each once", () => {
    const a = dir.write("rules/a.xml", [
      "<root>",
      '  <alias name="all">alpha,beta</alias>',
      '  <model name="m"><expected_loading>5</expected_loading></model>',
      '  <application name="web">',
      "    <programs>",
      '      <program name="db"><reference>nope</reference></program>',
      '      <program pattern="worker_"/>',
      "    </programs>",
      "  </application>",
      "</root>",
    ].join("\n"));
    const b = dir.write("rules/b.xml", '<root>\n<application pattern="^batch"/>\n</root>\n');
    const conf = dir.write("summary.conf", config("%%(here)s/rules/*.xml"));
    const { stdout, stderr, code } = check(conf);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const summary = [
      "Rules: 2 files",
      `  ${a}`,
      `  ${b}`,
      "  applications (2):",
      `    web  name, 2 programs  [${a}:4]`,
      `    ^batch  pattern, 0 programs  [${b}:2]`,
      "  aliases (1): all",
      "  models (1): m",
      "  managed groups (1): web",
      "  unmanaged groups (1): clock",
    ].join("\n");
    expect(stdout).toContain(`\n\n${summary}\n`);
    // after the Supvisors report, which lists the files too
    expect(stdout.indexOf("Rules: 2 files")).toBeGreaterThan(stdout.indexOf("rules_files"));
    // the reader and the checks both see the unknown model: printed once
    expect(warningLines(stdout).filter((w) => w.includes(a) || w.includes(b))).toEqual([
      `warning: ${a}:6: program reference: unknown model "nope" is ignored`,
      `warning: ${b}:2: application pattern: "^batch" matches no configured group`,
    ]);
  });

  test("a rules file that does not fit the schema: FILE:LINE message, exit 2", () => {
    const bad = dir.write("bad/rules.xml", '<root>\n  <application name="web">\n    <start_sequence>1</start_sequence>\n    <distribution>ANYWHERE</distribution>\n  </application>\n</root>\n');
    const { stdout, stderr, code } = check(dir.write("bad.conf", config(bad)));
    expect(code).toBe(2);
    expect(stderr).toBe(`Error: ${bad}:4: application distribution: "ANYWHERE" is not one of ALL_INSTANCES, SINGLE_INSTANCE, SINGLE_NODE\n`);
    expect(stdout).not.toContain("Rules:");
  });

  test("a rules file that is not well-formed: exit 2", () => {
    const broken = dir.write("broken/rules.xml", "<root>\n<alias name='a'>x</root>\n");
    const { stderr, code } = check(dir.write("broken.conf", config(broken)));
    expect(code).toBe(2);
    expect(stderr).toStartWith(`Error: ${broken}:2: xml: `);
  });

  test("no rules_files: no rules section", () => {
    const { stdout, code } = check(dir.write("none.conf", config(null)));
    expect(code).toBe(0);
    expect(stdout).not.toContain("Rules:");
  });
});

describe("the demo cluster's configurations", () => {
  const rulesFile = join(ROOT, "examples/cluster/rules.xml");
  test.each(["alpha", "beta", "gamma"])("%s.conf is accepted with its rules", (nick) => {
    const { stdout, stderr, code } = check(join(ROOT, "examples/cluster", `${nick}.conf`));
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain(`Rules: 1 file\n  ${rulesFile}\n  applications (2):\n`);
    expect(stdout).toContain("  managed groups (2): batch, web\n  unmanaged groups (1): clock\n");
    expect(warningLines(stdout).filter((w) => w.includes(rulesFile))).toEqual([]);
  });
});
