// Reads one Supvisors rules file into the typed model (spec/rules.md §1-4). What the XSD rejects
// (unknown or repeated elements, unknown attributes, bad enum/boolean/integer values, text where
// only elements belong) throws RulesError naming file, line, element and attribute. What the XSD
// accepts but Supvisors' parser then ignores (negative sequence, element without name or pattern,
// empty alias) is kept out of the model and reported as a warning in the same format.
//
//   const { rules, warnings } = parseRulesFile("/etc/rules.xml", text);

import {
  type AliasDecl,
  type ApplicationDecl,
  DISTRIBUTIONS,
  type ProgramDecl,
  RUNNING_FAILURE_STRATEGIES,
  RulesError,
  type RulesDocument,
  STARTING_FAILURE_STRATEGIES,
  STARTING_STRATEGIES,
  emptyRulesDocument,
} from "./model.ts";
import { type Checked, checkBoolean, checkByte, checkEnum, checkLoading, splitList } from "./values.ts";
import { type XmlElement, parseXmlTree } from "./xml-tree.ts";

/** How the text of one option element is read. */
type OptionKind =
  | { type: "string" }
  | { type: "list" }
  | { type: "sequence" }
  | { type: "boolean" }
  | { type: "loading" }
  | { type: "enum"; values: readonly string[] };

const PROGRAM_OPTIONS: Record<string, OptionKind> = {
  reference: { type: "string" },
  identifiers: { type: "list" },
  start_sequence: { type: "sequence" },
  stop_sequence: { type: "sequence" },
  required: { type: "boolean" },
  wait_exit: { type: "boolean" },
  expected_loading: { type: "loading" },
  starting_failure_strategy: { type: "enum", values: STARTING_FAILURE_STRATEGIES },
  running_failure_strategy: { type: "enum", values: RUNNING_FAILURE_STRATEGIES },
};

const APPLICATION_OPTIONS: Record<string, OptionKind> = {
  distribution: { type: "enum", values: DISTRIBUTIONS },
  identifiers: { type: "list" },
  start_sequence: { type: "sequence" },
  stop_sequence: { type: "sequence" },
  starting_strategy: { type: "enum", values: STARTING_STRATEGIES },
  starting_failure_strategy: { type: "enum", values: STARTING_FAILURE_STRATEGIES },
  running_failure_strategy: { type: "enum", values: RUNNING_FAILURE_STRATEGIES },
  operational_status: { type: "string" },
};

/** Parses the rules file `path` whose content is `text`. Throws RulesError on an invalid document. */
export function parseRulesFile(path: string, text: string): { rules: RulesDocument; warnings: string[] } {
  const reader = new FileReader(path);
  const root = parseXmlTree(path, text);
  if (root.tag !== "root") {
    reader.fail(root, null, `the root element must be <root>, not <${root.tag}>`);
  }
  reader.checkAttributes(root, []);
  reader.checkNoText(root);
  const rules = emptyRulesDocument();
  rules.files.push(path);
  for (const child of root.children) {
    if (child.tag === "alias") {
      const alias = reader.alias(child);
      if (alias !== null) rules.aliases.set(alias.name, alias);
    } else if (child.tag === "model") {
      const model = reader.program(child, "model");
      if (model.name === undefined) reader.warn(child, null, "model without a name attribute is ignored");
      else rules.models.set(model.name, model);
    } else if (child.tag === "application") {
      rules.applications.push(reader.application(child));
    } else {
      reader.fail(root, child.tag, "unknown element (expected alias, model or application)", child.line);
    }
  }
  return { rules, warnings: reader.warnings };
}

/** Walks the elements of one file, collecting warnings; every failure names this file. */
class FileReader {
  readonly warnings: string[] = [];
  constructor(readonly file: string) {}

  /** `line` differs from the element's own when the culprit is one of its option children. */
  fail(element: XmlElement, attribute: string | null, detail: string, line = element.line): never {
    throw new RulesError(this.file, line, element.tag, attribute, detail);
  }

  warn(element: XmlElement, attribute: string | null, detail: string, line = element.line): void {
    this.warnings.push(new RulesError(this.file, line, element.tag, attribute, detail).message);
  }

  /** Only `allowed` attributes, plus namespace declarations and xsi:* hints the schema tolerates. */
  checkAttributes(element: XmlElement, allowed: string[]): void {
    for (const name of element.attributes.keys()) {
      if (allowed.includes(name) || name.startsWith("xmlns:") || name.startsWith("xsi:")) continue;
      const expected = allowed.length === 0 ? "no attribute is allowed" : `expected ${allowed.join(" or ")}`;
      this.fail(element, name, `unknown attribute (${expected})`);
    }
  }

  /** Elements of complex content hold elements only: stray text is a schema error. */
  checkNoText(element: XmlElement): void {
    if (element.text.trim() !== "") {
      this.fail(element, null, `unexpected text "${element.text.trim()}" (only elements are allowed here)`);
    }
  }

  alias(element: XmlElement): AliasDecl | null {
    this.checkAttributes(element, ["name"]);
    const name = element.attributes.get("name");
    if (name === undefined) this.fail(element, "name", "missing required attribute");
    if (element.children.length > 0) this.fail(element.children[0] as XmlElement, null, "unexpected element in alias");
    if (element.text === "") {
      this.warn(element, null, `alias "${name}" is empty and is ignored`);
      return null;
    }
    return { source: { file: this.file, line: element.line }, name, members: splitList(element.text) };
  }

  program(element: XmlElement, kind: "program" | "model"): ProgramDecl {
    const decl: ProgramDecl = { kind, source: { file: this.file, line: element.line }, ...this.naming(element) };
    const options = this.options(element, PROGRAM_OPTIONS, []);
    Object.assign(decl, options);
    return decl;
  }

  application(element: XmlElement): ApplicationDecl {
    const decl: ApplicationDecl = { source: { file: this.file, line: element.line }, ...this.naming(element), programs: [] };
    const options = this.options(element, APPLICATION_OPTIONS, ["programs"]);
    Object.assign(decl, options);
    const programs = element.children.find((c) => c.tag === "programs");
    if (programs !== undefined) {
      this.checkAttributes(programs, []);
      this.checkNoText(programs);
      for (const child of programs.children) {
        if (child.tag !== "program") this.fail(programs, child.tag, "unknown element (expected program)", child.line);
        decl.programs.push(this.program(child, "program"));
      }
    }
    return decl;
  }

  /** The `name` / `pattern` attributes; one of them is needed for the element to ever match. */
  naming(element: XmlElement): { name?: string; pattern?: string } {
    this.checkAttributes(element, ["name", "pattern"]);
    this.checkNoText(element);
    const name = element.attributes.get("name");
    const pattern = element.attributes.get("pattern");
    if (pattern !== undefined) {
      try {
        new RegExp(pattern);
      } catch (error) {
        this.fail(element, "pattern", `invalid regular expression "${pattern}": ${(error as Error).message}`);
      }
    }
    if (name === undefined && pattern === undefined && element.tag !== "model") {
      this.warn(element, null, "neither name nor pattern attribute: this element never matches");
    }
    return { ...(name !== undefined ? { name } : {}), ...(pattern !== undefined ? { pattern } : {}) };
  }

  /** Reads the option children of `element` (xs:all: any order, each at most once). */
  options(element: XmlElement, table: Record<string, OptionKind>, containers: string[]): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    const seen = new Set<string>();
    for (const child of element.children) {
      if (seen.has(child.tag)) this.fail(element, child.tag, "element appears more than once", child.line);
      seen.add(child.tag);
      if (containers.includes(child.tag)) continue;
      const kind = table[child.tag];
      if (kind === undefined) {
        const expected = [...Object.keys(table), ...containers].join(", ");
        this.fail(element, child.tag, `unknown element (expected one of ${expected})`, child.line);
      }
      this.checkAttributes(child, []);
      if (child.children.length > 0) this.fail(child.children[0] as XmlElement, null, `unexpected element in ${child.tag}`);
      const value = this.optionValue(element, child, kind);
      if (value !== undefined) values[child.tag] = value;
    }
    return values;
  }

  optionValue(parent: XmlElement, child: XmlElement, kind: OptionKind): unknown {
    const raw = child.text;
    const checked = (result: Checked<unknown>): unknown => {
      if (!result.ok) this.fail(parent, child.tag, result.why, child.line);
      return result.value;
    };
    switch (kind.type) {
      case "string": {
        // Supvisors ignores an empty element; surrounding blanks would only make names never match
        const text = raw.trim();
        return text === "" ? undefined : text;
      }
      case "list":
        return raw === "" ? undefined : splitList(raw);
      case "boolean":
        return checked(checkBoolean(raw));
      case "loading":
        return checked(checkLoading(raw));
      case "enum":
        return checked(checkEnum(raw, kind.values));
      case "sequence": {
        const value = checked(checkByte(raw)) as number;
        if (value < 0) {
          // valid xs:byte, but Supvisors' parser refuses it and keeps the default (RULE-07)
          this.warn(parent, child.tag, `${value} is negative (expected 0..127): default kept`, child.line);
          return undefined;
        }
        return value;
      }
    }
  }
}
