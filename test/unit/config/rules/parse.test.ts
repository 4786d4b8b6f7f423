// Rules reader: per-option defaults, invalid values with exact file:line, schema errors.
import { describe, expect, test } from "bun:test";
import { RulesError, parseRulesFile } from "../../../../src/config/rules/index.ts";

const FILE = "/etc/r.xml";

/** An application with one program whose option line is line 5. */
function programDoc(option: string): string {
  return ["<root>", '  <application name="app">', "    <programs>", '      <program name="p">', `        ${option}`, "      </program>", "    </programs>", "  </application>", "</root>"].join("\n");
}
/** An application whose option line is line 3. */
function appDoc(option: string): string {
  return ["<root>", '  <application name="app">', `    ${option}`, "  </application>", "</root>"].join("\n");
}

function errorOf(text: string): string {
  try {
    parseRulesFile(FILE, text);
  } catch (error) {
    expect(error).toBeInstanceOf(RulesError);
    return (error as Error).message;
  }
  throw new Error("expected a RulesError");
}

describe("program options", () => {
  const valid: [string, string, unknown][] = [
    ["<reference> worker </reference>", "reference", "worker"],
    ["<identifiers>a, b,,c</identifiers>", "identifiers", ["a", "b", "", "c"]],
    ["<start_sequence> 007 </start_sequence>", "start_sequence", 7],
    ["<stop_sequence>127</stop_sequence>", "stop_sequence", 127],
    ["<required>1</required>", "required", true],
    ["<wait_exit>false</wait_exit>", "wait_exit", false],
    ["<expected_loading>100</expected_loading>", "expected_loading", 100],
    ["<starting_failure_strategy>STOP</starting_failure_strategy>", "starting_failure_strategy", "STOP"],
    ["<running_failure_strategy>RESTART_APPLICATION</running_failure_strategy>", "running_failure_strategy", "RESTART_APPLICATION"],
  ];
  test.each(valid)("%s", (option, key, value) => {
    const { rules } = parseRulesFile(FILE, programDoc(option));
    const program = rules.applications[0]?.programs[0] as unknown as Record<string, unknown>;
    expect(program[key]).toEqual(value);
  });

  test("absent options stay undefined (defaults are applied by effective rules)", () => {
    const { rules } = parseRulesFile(FILE, programDoc(""));
    const program = rules.applications[0]?.programs[0];
    expect(program).toEqual({ kind: "program", source: { file: FILE, line: 4 }, name: "p" });
  });

  const invalid: [string, string][] = [
    ["<start_sequence>x</start_sequence>", `${FILE}:5: program start_sequence: "x" is not an integer (expected -128..127)`],
    ["<start_sequence></start_sequence>", `${FILE}:5: program start_sequence: "" is not an integer (expected -128..127)`],
    ["<stop_sequence>128</stop_sequence>", `${FILE}:5: program stop_sequence: 128 is out of range (expected -128..127)`],
    ["<required>yes</required>", `${FILE}:5: program required: "yes" is not a boolean (expected true, false, 1 or 0)`],
    ["<wait_exit>TRUE</wait_exit>", `${FILE}:5: program wait_exit: "TRUE" is not a boolean (expected true, false, 1 or 0)`],
    ["<expected_loading>101</expected_loading>", `${FILE}:5: program expected_loading: 101 is out of range (expected 0..100)`],
    ["<expected_loading>-1</expected_loading>", `${FILE}:5: program expected_loading: -1 is out of range (expected 0..100)`],
    ["<expected_loading>1.5</expected_loading>", `${FILE}:5: program expected_loading: "1.5" is not an integer (expected 0..100)`],
    ["<starting_failure_strategy>abort</starting_failure_strategy>", `${FILE}:5: program starting_failure_strategy: "abort" is not one of ABORT, CONTINUE, STOP`],
    ["<running_failure_strategy> CONTINUE</running_failure_strategy>", `${FILE}:5: program running_failure_strategy: " CONTINUE" is not one of CONTINUE, RESTART_PROCESS, STOP_APPLICATION, RESTART_APPLICATION, SHUTDOWN, RESTART`],
    ["<distribution>SINGLE_NODE</distribution>", `${FILE}:5: program distribution: unknown element (expected one of reference, identifiers, start_sequence, stop_sequence, required, wait_exit, expected_loading, starting_failure_strategy, running_failure_strategy)`],
    ['<required x="1">true</required>', `${FILE}:5: required x: unknown attribute (no attribute is allowed)`],
    ["<required>true</required><required>false</required>", `${FILE}:5: program required: element appears more than once`],
    ["<identifiers><a/></identifiers>", `${FILE}:5: a: unexpected element in identifiers`],
    ["stray", `${FILE}:4: program: unexpected text "stray" (only elements are allowed here)`],
  ];
  test.each(invalid)("%s", (option, message) => {
    expect(errorOf(programDoc(option))).toBe(message);
  });

  test("negative sequence: warning with line, default kept", () => {
    const { rules, warnings } = parseRulesFile(FILE, programDoc("<start_sequence>-3</start_sequence>"));
    expect(rules.applications[0]?.programs[0]?.start_sequence).toBeUndefined();
    expect(warnings).toEqual([`${FILE}:5: program start_sequence: -3 is negative (expected 0..127): default kept`]);
  });
});

describe("application options", () => {
  const valid: [string, string, unknown][] = [
    ["<distribution>SINGLE_INSTANCE</distribution>", "distribution", "SINGLE_INSTANCE"],
    ["<identifiers>#,desks</identifiers>", "identifiers", ["#", "desks"]],
    ["<start_sequence>+2</start_sequence>", "start_sequence", 2],
    ["<stop_sequence>0</stop_sequence>", "stop_sequence", 0],
    ["<starting_strategy>MOST_LOADED_NODE</starting_strategy>", "starting_strategy", "MOST_LOADED_NODE"],
    ["<starting_failure_strategy>CONTINUE</starting_failure_strategy>", "starting_failure_strategy", "CONTINUE"],
    ["<running_failure_strategy>SHUTDOWN</running_failure_strategy>", "running_failure_strategy", "SHUTDOWN"],
    ['<operational_status> "a" and "b" </operational_status>', "operational_status", '"a" and "b"'],
    ["<identifiers></identifiers>", "identifiers", undefined],
    ["<operational_status/>", "operational_status", undefined],
  ];
  test.each(valid)("%s", (option, key, value) => {
    const app = parseRulesFile(FILE, appDoc(option)).rules.applications[0] as unknown as Record<string, unknown>;
    expect(app[key]).toEqual(value);
  });

  const invalid: [string, string][] = [
    ["<distribution>ALL</distribution>", `${FILE}:3: application distribution: "ALL" is not one of ALL_INSTANCES, SINGLE_INSTANCE, SINGLE_NODE`],
    ["<starting_strategy>Local</starting_strategy>", `${FILE}:3: application starting_strategy: "Local" is not one of CONFIG, LESS_LOADED, MOST_LOADED, LOCAL, LESS_LOADED_NODE, MOST_LOADED_NODE`],
    ["<start_sequence>-129</start_sequence>", `${FILE}:3: application start_sequence: -129 is out of range (expected -128..127)`],
    ["<expected_loading>5</expected_loading>", `${FILE}:3: application expected_loading: unknown element (expected one of distribution, identifiers, start_sequence, stop_sequence, starting_strategy, starting_failure_strategy, running_failure_strategy, operational_status, programs)`],
    ["<programs><model/></programs>", `${FILE}:3: programs model: unknown element (expected program)`],
    ["<programs/><programs/>", `${FILE}:3: application programs: element appears more than once`],
  ];
  test.each(invalid)("%s", (option, message) => {
    expect(errorOf(appDoc(option))).toBe(message);
  });
});

describe("document structure", () => {
  const invalid: [string, string, string][] = [
    ["wrong root", "<rules/>", `${FILE}:1: rules: the root element must be <root>, not <rules>`],
    ["unknown root child", "<root>\n\n<program/>\n</root>", `${FILE}:3: root program: unknown element (expected alias, model or application)`],
    ["unknown attribute", '<root>\n<application nom="x"/>\n</root>', `${FILE}:2: application nom: unknown attribute (expected name or pattern)`],
    ["alias without name", "<root>\n<alias>a</alias>\n</root>", `${FILE}:2: alias name: missing required attribute`],
    ["bad regex", '<root>\n<application pattern="a("/>\n</root>', `${FILE}:2: application pattern: invalid regular expression "a("`],
    ["not well-formed", "<root>\n<application>\n</root>", `${FILE}:3: xml: Expected closing tag`],
    ["doctype", '<?xml version="1.0"?>\n<!DOCTYPE root [<!ENTITY x "y">]>\n<root>&x;</root>', `${FILE}:2: xml: DOCTYPE declarations are not accepted in rules files`],
    ["unknown entity", '<root>\n<alias name="a">&nbsp;</alias>\n</root>', `${FILE}:2: alias: undefined entity reference &nbsp;`],
    ["root text", "<root>hello</root>", `${FILE}:1: root: unexpected text "hello" (only elements are allowed here)`],
  ];
  test.each(invalid)("%s", (_label, text, message) => {
    expect(errorOf(text).startsWith(message)).toBe(true);
  });

  test("DOCTYPE inside a comment is not a DOCTYPE", () => {
    expect(parseRulesFile(FILE, "<!-- <!DOCTYPE x> -->\n<root/>").rules.applications).toEqual([]);
  });

  test("entities and character references are decoded", () => {
    const { rules } = parseRulesFile(FILE, '<root><alias name="a&amp;b">x&#44;y,&lt;z&gt;</alias></root>');
    expect(rules.aliases.get("a&b")?.members).toEqual(["x", "y", "<z>"]);
  });

  test("suspicious but valid: warnings with lines", () => {
    const text = '<root>\n<application/>\n<model><required>true</required></model>\n<alias name="e"></alias>\n</root>';
    const { rules, warnings } = parseRulesFile(FILE, text);
    expect(rules.models.size).toBe(0);
    expect(rules.aliases.size).toBe(0);
    expect(warnings).toEqual([
      `${FILE}:2: application: neither name nor pattern attribute: this element never matches`,
      `${FILE}:3: model: model without a name attribute is ignored`,
      `${FILE}:4: alias: alias "e" is empty and is ignored`,
    ]);
  });
});
