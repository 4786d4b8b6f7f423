// The rules of every application and process, as the control layer asks for them many times a
// second: one RulesDocument read once, effective rules computed on first use and kept, formulas
// compiled once. Corrections Supvisors logs as errors (RULE-37, RULE-44, RULE-45, RULE-29) are
// collected here, each once, for the caller to log.
//
//   const book = new RulesBook(rules, options.starting_strategy);
//   book.program("store", "db").required;   // → true
//   for (const line of book.warnings()) log.warn(line);

import {
  type ApplicationRules,
  type ProgramRules,
  type RulesDocument,
  type StartingStrategy,
  applicationRules,
  emptyRulesDocument,
  findApplication,
  findProgram,
  programRules,
} from "../../config/rules/index.ts";
import { FormulaError, type OperationalFormula, compileFormula } from "./formula.ts";

/** RULE-45: an application using `#` is named `…-N` or `…_N` (N ≥ 1, leading zeros allowed). */
const APPLICATION_INDEX = /[-_](\d+)$/;

/** The 0-based index RULE-45 assigns an application by its name, or null when it has none. */
export function applicationIndex(name: string): number | null {
  const match = APPLICATION_INDEX.exec(name);
  if (match === null) return null;
  const index = Number.parseInt(match[1] as string, 10) - 1;
  return index < 0 ? null : index;
}

export class RulesBook {
  readonly #doc: RulesDocument;
  /** No rules file at all: Supvisors then never normalises stop sequences (RULE-51). */
  readonly #noRulesFile: boolean;
  readonly #applications = new Map<string, ApplicationRules>();
  /** By application, then program: no key string built per lookup (an application's status reads every process's rules on each of its events). */
  readonly #programs = new Map<string, Map<string, ProgramRules>>();
  /** Compiled formulas by text (null = syntax error, already reported): pattern rules share texts. */
  readonly #formulas = new Map<string, OperationalFormula | null>();
  #warnings: string[] = [];

  /**
   * `optionStrategy`: the `starting_strategy` option, default of applications without their own
   * (RULE-26). A document read from no file and declaring nothing means "no rules file" (RULE-51).
   */
  constructor(
    doc: RulesDocument,
    readonly optionStrategy: StartingStrategy,
  ) {
    this.#doc = doc;
    this.#noRulesFile = doc.files.length === 0 && doc.applications.length === 0;
  }

  /** No rules file: every application unmanaged, with Supvisors' parser-less defaults (RULE-50/51). */
  static empty(optionStrategy: StartingStrategy): RulesBook {
    return new RulesBook(emptyRulesDocument(), optionStrategy);
  }

  /** True when this book stands for "no rules file" (RULE-51). */
  get noRulesFile(): boolean {
    return this.#noRulesFile;
  }

  /** The rules of group `name` (cached). */
  application(name: string): ApplicationRules {
    const cached = this.#applications.get(name);
    if (cached !== undefined) return cached;
    let rules: ApplicationRules;
    if (this.noRulesFile) {
      // Without a parser Supvisors keeps its class defaults: CONFIG and a raw stop_sequence of -1.
      rules = { ...applicationRules(this.#doc, name, "CONFIG"), stop_sequence: -1 };
    } else {
      rules = applicationRules(this.#doc, name, this.optionStrategy);
      if (rules.hash_identifiers.length > 0 && applicationIndex(name) === null) {
        const where = this.#whereApplication(name);
        this.#warnings.push(
          `${where}application ${name}: # needs a name ending with -N or _N (N ≥ 1); start_sequence reset to 0`,
        );
        rules = { ...rules, start_sequence: 0 };
      }
    }
    this.#applications.set(name, rules);
    return rules;
  }

  /** The rules of process `process` of group `app` (cached); failure strategies default to the application's. */
  program(app: string, process: string): ProgramRules {
    let ofApp = this.#programs.get(app);
    if (ofApp === undefined) this.#programs.set(app, (ofApp = new Map()));
    const cached = ofApp.get(process);
    if (cached !== undefined) return cached;
    let rules = programRules(this.#doc, app, process);
    if (this.noRulesFile) rules = { ...rules, stop_sequence: -1 };
    if (rules.warnings.length > 0) {
      const found = findProgram(this.#doc, app, process);
      const where = found === undefined ? "" : `${found.program.source.file}:${found.program.source.line}: `;
      this.#warnings.push(...rules.warnings.map((warning) => `${where}${warning}`));
    }
    ofApp.set(process, rules);
    return rules;
  }

  /** The compiled `operational_status` of group `app`, or null (none, or a syntax error reported once). */
  formula(app: string): OperationalFormula | null {
    const text = this.application(app).operational_status;
    if (text === null) return null;
    const known = this.#formulas.get(text);
    if (known !== undefined) return known;
    let compiled: OperationalFormula | null;
    try {
      compiled = compileFormula(text);
    } catch (error) {
      if (!(error instanceof FormulaError)) throw error;
      this.#warnings.push(
        `${this.#whereApplication(app)}application ${app} operational_status: ${error.message}; formula ignored`,
      );
      compiled = null;
    }
    this.#formulas.set(text, compiled);
    return compiled;
  }

  /** The warnings collected since the last call, oldest first. */
  warnings(): string[] {
    const drained = this.#warnings;
    this.#warnings = [];
    return drained;
  }

  #whereApplication(name: string): string {
    const decl = findApplication(this.#doc, name);
    return decl === undefined ? "" : `${decl.source.file}:${decl.source.line}: `;
  }
}
