// rulesWarnings: valid but suspicious rules against the configured groups, one table row per case.
import { describe, expect, test } from "bun:test";
import { type CheckedGroup, mergeRulesTexts, rulesWarnings } from "../../../src/config/rules/index.ts";

const F = "/r.xml";

/** A group; a process written "name:program" belongs to that program, else to a program of its name. */
function g(name: string, ...processes: string[]): CheckedGroup {
  return {
    name,
    processes: processes.map((p) => {
      const [processName, programName] = p.split(":") as [string, string | undefined];
      return { name: processName, programName: programName ?? processName };
    }),
  };
}

/** `<root>` on line 1, then one line per item of `lines`: the first of them is line 2. */
function doc(...lines: string[]): string {
  return ["<root>", ...lines, "</root>"].join("\n");
}

function warningsOf(text: string, groups: CheckedGroup[]): string[] {
  return rulesWarnings(mergeRulesTexts([{ path: F, text }]).rules, groups);
}

const WEB = g("web", "db", "worker_0:worker", "worker_1:worker");

type Row = [label: string, text: string, groups: CheckedGroup[], expected: string[]];

describe("applications and programs against the groups", () => {
  const rows: Row[] = [
    [
      "everything matches",
      doc('<application name="web"><programs>', '<program name="db"/>', '<program pattern="worker_"/>', "</programs></application>"),
      [WEB],
      [],
    ],
    ["application name without group", doc('<application name="nope"/>'), [WEB], [`${F}:2: application name: "nope" matches no configured group`]],
    ["application pattern without group", doc('<application pattern="^x"/>'), [WEB], [`${F}:2: application pattern: "^x" matches no configured group`]],
    [
      "shorter pattern outranked",
      doc('<application pattern="we"/>', '<application pattern="web"/>'),
      [WEB],
      [`${F}:2: application pattern: "we": every group it matches is governed by another element ("web" by ${F}:3)`],
    ],
    [
      "pattern outranked by an exact name",
      doc('<application pattern="w"/>', '<application name="web"/>'),
      [WEB],
      [`${F}:2: application pattern: "w": every group it matches is governed by another element ("web" by ${F}:3)`],
    ],
    // the reader reports duplicates itself; the check does not say it twice
    ["duplicate name left to the reader", doc('<application name="web"/>', '<application name="web"/>'), [WEB], []],
    ["duplicate pattern left to the reader", doc('<application pattern="web"/>', '<application pattern="web"/>'), [WEB], []],
    [
      "program name without process",
      doc('<application name="web"><programs>', '<program name="cache"/>', "</programs></application>"),
      [WEB],
      [`${F}:3: program name: "cache" matches no process of "web"`],
    ],
    [
      "program name of a numprocs program",
      doc('<application name="web"><programs>', '<program name="worker"/>', "</programs></application>"),
      [WEB],
      [
        `${F}:3: program name: "worker" matches no process of "web": name is compared with process names, ` +
          `and the processes of program worker are "worker_0", "worker_1"; use a pattern`,
      ],
    ],
    [
      "program pattern without process",
      doc('<application pattern="^w"><programs>', '<program pattern="^job"/>', "</programs></application>"),
      [WEB, g("www", "x")],
      [`${F}:3: program pattern: "^job" matches no process of "web", "www"`],
    ],
    [
      "program pattern outranked by an exact name",
      doc('<application name="web"><programs>', '<program pattern="d"/>', '<program name="db"/>', "</programs></application>"),
      [WEB],
      [`${F}:3: program pattern: "d": every process it matches is governed by another element ("db" by ${F}:4)`],
    ],
    [
      "programs of an application without group are not checked",
      doc('<application name="gone"><programs>', '<program name="x"/>', "</programs></application>"),
      [WEB],
      [`${F}:2: application name: "gone" matches no configured group`],
    ],
  ];
  test.each(rows)("%s", (_label, text, groups, expected) => {
    expect(warningsOf(text, groups)).toEqual(expected);
  });
});

describe("models and aliases", () => {
  const app = (program: string): string => `<application name="web"><programs>${program}</programs></application>`;
  const rows: Row[] = [
    ["unknown model from a program", doc(app('<program name="db"><reference>m</reference></program>')), [WEB], [`${F}:2: program reference: unknown model "m" is ignored`]],
    ["unknown model from a model", doc('<model name="a"><reference>b</reference></model>'), [], [`${F}:2: model reference: unknown model "b" is ignored`]],
    [
      "chain program, model, model is followed",
      doc('<model name="a"><reference>b</reference></model>', '<model name="b"/>', app('<program name="db"><reference>a</reference></program>')),
      [WEB],
      [],
    ],
    [
      "third model ignored",
      doc(
        '<model name="a"><reference>b</reference></model>',
        '<model name="b"><reference>c</reference></model>',
        '<model name="c"/>',
        app('<program name="db"><reference>a</reference></program>'),
      ),
      [WEB],
      [`${F}:5: program reference: model chain a → b → c is too deep; "c" is ignored`],
    ],
    ["alias used before its declaration expands", doc('<alias name="all">front,back</alias>', '<alias name="front">a</alias>', '<alias name="back">b</alias>'), [], []],
    ["alias naming itself", doc('<alias name="a">x,a</alias>'), [], [`${F}:2: alias a: refers to itself; "a" will not be expanded`]],
    [
      "alias naming an alias declared before it",
      doc('<alias name="front">a</alias>', '<alias name="all">front,b</alias>'),
      [],
      [`${F}:3: alias all: refers to alias "front" declared before it; "front" will not be expanded`],
    ],
    [
      "alias loop through another",
      doc('<alias name="a">b</alias>', '<alias name="b">c</alias>', '<alias name="c">a</alias>'),
      [],
      [`${F}:4: alias c: refers to alias "a" declared before it; "a" will not be expanded`, `${F}:4: alias c: loop c → a → b → c`],
    ],
  ];
  test.each(rows)("%s", (_label, text, groups, expected) => {
    expect(warningsOf(text, groups)).toEqual(expected);
  });
});

describe("identifier signs, required, distribution", () => {
  const app = (programs: string, options = ""): string => `<application name="web">${options}<programs>${programs}</programs></application>`;
  const NAME_RESET = `program identifiers: # and @ need a pattern program; for the process named "db" the identifiers are reset to *`;
  const rows: Row[] = [
    ["# on a name program", doc(app('<program name="db"><identifiers>#,a</identifiers></program>')), [WEB], [`${F}:2: ${NAME_RESET}`]],
    ["@ on a name program", doc(app('<program name="db"><identifiers>@</identifiers></program>')), [WEB], [`${F}:2: ${NAME_RESET}`]],
    [
      "# from the model of a name program",
      doc('<model name="m"><identifiers>#</identifiers></model>', app('<program name="db"><reference>m</reference></program>')),
      [WEB],
      [`${F}:3: ${NAME_RESET}; identifiers is set by model "m"`],
    ],
    [
      "# through an alias on a name program",
      doc('<alias name="spread">#,a,b</alias>', app('<program name="db"><identifiers>spread</identifiers></program>')),
      [WEB],
      [`${F}:3: ${NAME_RESET}`],
    ],
    ["# on a pattern program is fine", doc(app('<program pattern="worker_"><identifiers>#,a</identifiers></program>')), [WEB], []],
    [
      "# and @ together",
      doc(app('<program pattern="worker_"><identifiers>#,@,a</identifiers></program>')),
      [WEB],
      [`${F}:2: program identifiers: # and @ together: @ is kept and # is dropped`],
    ],
    [
      "required with start_sequence 0",
      doc(app('<program name="db"><required>true</required></program>')),
      [WEB],
      [`${F}:2: program required: forced to false because start_sequence is 0`],
    ],
    [
      "required from a model, start_sequence 0",
      doc('<model name="m"><required>1</required></model>', app('<program name="db"><reference>m</reference><start_sequence>0</start_sequence></program>')),
      [WEB],
      [`${F}:3: program required: forced to false because start_sequence is 0; required is set by model "m"`],
    ],
    [
      "required with start_sequence from a model",
      doc('<model name="m"><start_sequence>2</start_sequence></model>', app('<program name="db"><reference>m</reference><required>1</required></program>')),
      [WEB],
      [],
    ],
    ["@ on an application", doc(app("", "<identifiers>@,a</identifiers>")), [WEB], [`${F}:2: application identifiers: @ is not supported on an application: it would have no candidate instance`]],
    ["@ and # on an application", doc('<application name="desk_1"><identifiers>#,@</identifiers></application>'), [g("desk_1", "p")], [`${F}:2: application identifiers: @ is not supported on an application and is ignored (# applies)`]],
    [
      "# on an application: group names need -N or _N, N >= 1",
      doc('<application pattern="desk"><distribution>SINGLE_INSTANCE</distribution><identifiers>#,a,b</identifiers></application>'),
      [g("desk_1", "p"), g("desk-02", "p"), g("desk_0", "p"), g("desk", "p"), g("desk_x", "p")],
      [`${F}:2: application identifiers: # needs group names ending in -N or _N (N >= 1, the instance index); "desk_0", "desk", "desk_x" do not: start_sequence is reset to 0`],
    ],
    [
      "program identifiers under SINGLE_INSTANCE",
      doc(app('<program name="db"><identifiers>a</identifiers></program>', "<distribution>SINGLE_INSTANCE</distribution>")),
      [WEB],
      [`${F}:2: program identifiers: ignored, the application's distribution is SINGLE_INSTANCE (its own identifiers apply)`],
    ],
    ["program identifiers under ALL_INSTANCES", doc(app('<program name="db"><identifiers>a</identifiers></program>', "<distribution>ALL_INSTANCES</distribution>")), [WEB], []],
  ];
  test.each(rows)("%s", (_label, text, groups, expected) => {
    expect(warningsOf(text, groups)).toEqual(expected);
  });
});

test("several files: warnings in file order, then line order, each once", () => {
  const first = doc("", '<application name="b_missing"/>');
  const second = doc('<application name="a_missing"/>', '<model name="m"><reference>x</reference></model>');
  const { rules } = mergeRulesTexts([
    { path: "/1.xml", text: first },
    { path: "/2.xml", text: second },
  ]);
  expect(rulesWarnings(rules, [])).toEqual([
    `/1.xml:3: application name: "b_missing" matches no configured group`,
    `/2.xml:2: application name: "a_missing" matches no configured group`,
    `/2.xml:3: model reference: unknown model "x" is ignored`,
  ]);
});
