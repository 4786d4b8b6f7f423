// The rules/ folder: every example loads with our reader, fits the groups of its programs file,
// and together the examples use every element and value; with xmllint (Debian libxml2-utils)
// the schema accepts the examples and, like the reader, rejects broken files.
import { afterAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { loadConfig } from "../../src/config/load.ts";
import type { SupervisordConfig } from "../../src/config/model.ts";
import {
  DISTRIBUTIONS,
  RUNNING_FAILURE_STRATEGIES,
  type RulesDocument,
  RulesError,
  STARTING_FAILURE_STRATEGIES,
  STARTING_STRATEGIES,
  expandAliases,
  loadRulesFiles,
  parseRulesFile,
  rulesWarnings,
} from "../../src/config/rules/index.ts";

const RULES = resolve(import.meta.dir, "../../rules");
const SCHEMA = join(RULES, "rules.xsd");
const EXAMPLES = readdirSync(join(RULES, "examples"))
  .filter((f) => f.endsWith(".xml"))
  .sort()
  .map((f) => join(RULES, "examples", f));
const programsOf = (example: string): string => join(RULES, "programs", basename(example).replace(/\.xml$/, ".ini"));

const tmp = mkdtempSync(join(tmpdir(), "flotilla-rules-folder-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A supervisord configuration including `inis`, loaded with a fixed environment. */
function configWith(name: string, inis: string[]): SupervisordConfig {
  const file = join(tmp, `${name}.conf`);
  writeFileSync(file, `[supervisord]\nlogfile = ${tmp}/main.log\n[include]\nfiles = ${inis.join(" ")}\n`);
  return loadConfig(file, { env: { HOME: tmp }, hostNodeName: "test" });
}

/** Names of the `[kind:name]` mentions in a header comment, or of the section lines of an ini file. */
function sections(text: string, kind: string, lines = false): string[] {
  const pattern = lines ? `^\\[${kind}:([^\\]]+)\\][ \\t]*$` : `\\[${kind}:([^\\]]+)\\]`;
  return [...text.matchAll(new RegExp(pattern, "gm"))].map((m) => m[1] as string).sort();
}

test("the folder holds the schema and at least five examples", () => {
  expect(readFileSync(SCHEMA, "utf8")).toContain('<xs:element name="root">');
  expect(EXAMPLES.length).toBeGreaterThanOrEqual(5);
});

describe.each(EXAMPLES.map((e) => [basename(e), e]))("%s", (_name, example) => {
  test("loads without error or warning", () => {
    const { rules, warnings } = loadRulesFiles([example]);
    expect(warnings).toEqual([]);
    expect(rules.applications.length).toBeGreaterThan(0);
  });

  test("its header names the sections of its programs file, and the rules fit them", () => {
    const text = readFileSync(example, "utf8");
    const header = text.slice(0, text.indexOf("-->"));
    const ini = readFileSync(programsOf(example), "utf8");
    expect(header).toContain(`rules/programs/${basename(programsOf(example))}`);
    expect(sections(header, "program")).toEqual(sections(ini, "program", true));
    expect(sections(header, "group")).toEqual(sections(ini, "group", true));
    const config = configWith(basename(example), [programsOf(example)]);
    expect(rulesWarnings(loadRulesFiles([example]).rules, config.groups)).toEqual([]);
  });
});

describe("the examples together", () => {
  const { rules, warnings } = loadRulesFiles(EXAMPLES);
  const programs: Record<string, unknown>[] = [...rules.models.values(), ...rules.applications.flatMap((a) => a.programs)].map(
    (p) => p as unknown as Record<string, unknown>,
  );
  const applications = rules.applications.map((a) => a as unknown as Record<string, unknown>);
  const valuesOf = (items: Record<string, unknown>[], key: string): unknown[] => items.map((i) => i[key]).filter((v) => v !== undefined);

  test("merge without warnings, and fit all the programs files at once", () => {
    expect(warnings).toEqual([]);
    const config = configWith("all", EXAMPLES.map(programsOf));
    expect(rulesWarnings(rules, config.groups)).toEqual([]);
  });

  test("use every option element of applications and programs", () => {
    for (const key of ["distribution", "identifiers", "start_sequence", "stop_sequence", "starting_strategy", "starting_failure_strategy", "running_failure_strategy", "operational_status"]) {
      expect({ key, used: valuesOf(applications, key).length > 0 }).toEqual({ key, used: true });
    }
    for (const key of ["reference", "identifiers", "start_sequence", "stop_sequence", "required", "wait_exit", "expected_loading", "starting_failure_strategy", "running_failure_strategy"]) {
      expect({ key, used: valuesOf(programs, key).length > 0 }).toEqual({ key, used: true });
    }
    expect(new Set(valuesOf(programs, "required"))).toEqual(new Set([true, false]));
    expect(new Set(valuesOf(programs, "wait_exit"))).toEqual(new Set([true, false]));
  });

  test("use every enumerated value", () => {
    const used = (key: string): Set<unknown> => new Set([...valuesOf(applications, key), ...valuesOf(programs, key)]);
    expect(used("distribution")).toEqual(new Set(DISTRIBUTIONS));
    expect(used("starting_strategy")).toEqual(new Set(STARTING_STRATEGIES));
    expect(used("starting_failure_strategy")).toEqual(new Set(STARTING_FAILURE_STRATEGIES));
    expect(used("running_failure_strategy")).toEqual(new Set(RUNNING_FAILURE_STRATEGIES));
  });

  test("use name and pattern on both levels, aliases in aliases, a two-model chain, and the signs", () => {
    expect(rules.applications.some((a) => a.name !== undefined) && rules.applications.some((a) => a.pattern !== undefined)).toBe(true);
    const all = rules.applications.flatMap((a) => a.programs);
    expect(all.some((p) => p.name !== undefined) && all.some((p) => p.pattern !== undefined)).toBe(true);
    expect([...rules.aliases.values()].some((a) => a.members.some((m) => rules.aliases.has(m)))).toBe(true);
    const chained = all.some((p) => {
      const model = p.reference === undefined ? undefined : rules.models.get(p.reference);
      return model?.reference !== undefined && rules.models.has(model.reference);
    });
    expect(chained).toBe(true);
    const signs = (list: string[] | undefined, doc: RulesDocument): string[] => expandAliases(list ?? [], doc).filter((s) => ["*", "#", "@"].includes(s));
    expect(new Set(rules.applications.flatMap((a) => signs(a.identifiers, rules)))).toContain("#");
    expect(new Set(all.flatMap((p) => signs(p.identifiers, rules)))).toEqual(new Set(["*", "#", "@"]));
  });

  test("use every operator of operational_status formulas", () => {
    const formulas = rules.applications.map((a) => a.operational_status ?? "").join(" ");
    for (const word of [" and ", " or ", "not ", "any(", "all(", "("]) expect(formulas).toContain(word);
  });
});

// ---- the schema, through xmllint when it is installed ------------------------------------------

const XMLLINT = Bun.which("xmllint");
const SKIP_REASON = "xmllint is not installed (Debian: apt-get install libxml2-utils): schema tests skipped";
if (XMLLINT === null) console.log(`rules-folder.test.ts: ${SKIP_REASON}`);

/** xmllint's exit status validating `file` against rules.xsd: 0 valid, 3 invalid, 1 not well-formed, 5 schema broken. */
function xmllint(file: string): { code: number; output: string } {
  const r = spawnSync(XMLLINT as string, ["--noout", "--schema", SCHEMA, file], { encoding: "utf8" });
  return { code: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
}

function readerError(file: string): string | null {
  try {
    parseRulesFile(file, readFileSync(file, "utf8"));
    return null;
  } catch (error) {
    if (error instanceof RulesError) return error.message;
    throw error;
  }
}

/** Documents both the schema and the reader refuse: [label, document, xmllint status]. */
const BROKEN: [string, string, number][] = [
  ["unknown element in an application", '<root><application name="a"><priority>1</priority></application></root>', 3],
  ["program outside <programs>", '<root><application name="a"><program name="p"/></application></root>', 3],
  ["option repeated (xs:all)", '<root><model name="m"><required>true</required><required>false</required></model></root>', 3],
  ["enum in the wrong case", '<root><application name="a"><distribution>single_instance</distribution></application></root>', 3],
  ["enum with a blank", '<root><application name="a"><starting_strategy>LOCAL </starting_strategy></application></root>', 3],
  ["boolean yes", '<root><model name="m"><wait_exit>yes</wait_exit></model></root>', 3],
  ["loading above 100", '<root><model name="m"><expected_loading>101</expected_loading></model></root>', 3],
  ["sequence beyond a byte", '<root><model name="m"><start_sequence>128</start_sequence></model></root>', 3],
  ["sequence not an integer", '<root><model name="m"><stop_sequence>1.5</stop_sequence></model></root>', 3],
  ["alias without name", "<root><alias>a,b</alias></root>", 3],
  ["element inside an alias", '<root><alias name="a"><b/></alias></root>', 3],
  ["unknown attribute", '<root><application name="a" priority="1"/></root>', 3],
  ["text in root", "<root>hello</root>", 3],
  ["another root element", "<rules/>", 3],
  ["distribution on a program", '<root><model name="m"><distribution>SINGLE_NODE</distribution></model></root>', 3],
  ["not well-formed", '<root><alias name="a">x</root>', 1],
];

/** Documents both accept (the reader may warn): shuffled options, negative sequence, empty alias, CDATA. */
const ACCEPTED: [string, string][] = [
  [
    "options in any order (RULE-03)",
    '<root><application name="a"><programs/><stop_sequence>1</stop_sequence><distribution>SINGLE_NODE</distribution></application>' +
      '<model name="m"><wait_exit>1</wait_exit><reference>n</reference><identifiers>x</identifiers></model></root>',
  ],
  ["negative sequence (reader warns, default kept)", '<root><model name="m"><start_sequence>-1</start_sequence></model></root>'],
  ["empty alias and no name or pattern (reader warns)", '<root><alias name="e"/><application/></root>'],
  ["formula in CDATA, schema hint attribute", '<root xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="rules.xsd"><application name="a"><operational_status><![CDATA["x" and "y"]]></operational_status></application></root>'],
];

describe("rules.xsd with xmllint", () => {
  test.skipIf(XMLLINT === null)("every example validates", () => {
    for (const example of EXAMPLES) expect({ example, ...xmllint(example) }).toEqual({ example, code: 0, output: `${example} validates\n` });
  });

  test.skipIf(XMLLINT === null)("the demo cluster's rules validate", () => {
    const demo = resolve(import.meta.dir, "../../examples/cluster/rules.xml");
    expect(xmllint(demo).code).toBe(0);
  });

  test.skipIf(XMLLINT === null).each(BROKEN)("rejected by both: %s", (label, text, status) => {
    const file = join(tmp, `broken-${label.replace(/\W+/g, "-")}.xml`);
    writeFileSync(file, text);
    expect(xmllint(file).code).toBe(status);
    expect(readerError(file)).toStartWith(`${file}:1: `);
  });

  test.skipIf(XMLLINT === null).each(ACCEPTED)("accepted by both: %s", (label, text) => {
    const file = join(tmp, `accepted-${label.replace(/\W+/g, "-")}.xml`);
    writeFileSync(file, text);
    expect(xmllint(file)).toEqual({ code: 0, output: `${file} validates\n` });
    expect(readerError(file)).toBeNull();
  });
});
