// The disabilities_file (CFG-SV-19): the JSON object `{program_name: bool}` that keeps disabled
// programs disabled across restarts. Written as Python's json.dumps writes it (Supvisors' format,
// so either implementation reads the other's file), atomically, at start and at every change.
// A file that cannot be read or parsed is reported, ignored (every program enabled) and rewritten.
//
// Example: const store = new DisabilitiesFile("/var/lib/flotilla/disabilities.json", log);
//          sup.useDisabilities(store);

import { readFileSync } from "node:fs";
import type { LogLevelName } from "../config/model.ts";
import type { DisabilityStore } from "../supervisor/disability-flags.ts";
import { writeFileAtomic } from "./atomic-file.ts";

export interface ParsedDisabilities {
  flags: Record<string, boolean>;
  /** Why (part of) the text was not usable; null when all of it was. */
  problem: string | null;
}

/**
 * @example parseDisabilities('{"web": true, "db": false}') // { flags: { web: true, db: false }, problem: null }
 */
export function parseDisabilities(text: string): ParsedDisabilities {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { flags: {}, problem: `it is not valid JSON (${(err as Error).message})` };
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    return { flags: {}, problem: 'it is not a JSON object like {"program": true}' };
  }
  const entries = Object.entries(data);
  // fromEntries, not assignment: a program named __proto__ stays a plain key.
  const flags: Record<string, boolean> = Object.fromEntries(entries.filter(([, v]) => typeof v === "boolean"));
  const ignored = entries.filter(([, v]) => typeof v !== "boolean").map(([program]) => program);
  const problem = ignored.length === 0 ? null : `the values of ${ignored.map((p) => `"${p}"`).join(", ")} are not true or false`;
  return { flags, problem };
}

/** Python's `json.dumps(flags)`: `{"a": true, "b": false}`, non-ASCII escaped as \uXXXX. */
export function formatDisabilities(flags: Readonly<Record<string, boolean>>): string {
  const items = Object.entries(flags).map(([program, value]) => `${pyJsonString(program)}: ${value}`);
  return `{${items.join(", ")}}`;
}

function pyJsonString(text: string): string {
  // JSON.stringify escapes what Python escapes below 0x20 the same way; Python (ensure_ascii)
  // also escapes DEL and everything beyond ASCII, UTF-16 unit by unit.
  return JSON.stringify(text).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

export type DisabilitiesLog = (level: LogLevelName, message: string) => void;

/** The store on a file; `path` null means no persistence (the configuration already warned). */
export class DisabilitiesFile implements DisabilityStore {
  constructor(
    readonly path: string | null,
    readonly log: DisabilitiesLog,
  ) {}

  load(): Record<string, boolean> {
    if (this.path === null) return {};
    let text: string;
    try {
      text = readFileSync(this.path, "utf8");
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // No file yet: every program is enabled, and the file is written at start.
      if (code === "ENOENT") return {};
      this.log("warn", `disabilities_file ${this.path} cannot be read (${code ?? (err as Error).message}): every program is enabled and the file is rewritten`);
      return {};
    }
    const parsed = parseDisabilities(text);
    if (parsed.problem !== null) {
      this.log("warn", `disabilities_file ${this.path}: ${parsed.problem}; those programs are enabled and the file is rewritten`);
    }
    this.log("info", `disabilities_file ${this.path} read: ${disabledList(parsed.flags)}`);
    return parsed.flags;
  }

  save(flags: Readonly<Record<string, boolean>>): void {
    if (this.path === null) return;
    try {
      writeFileAtomic(this.path, formatDisabilities(flags));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      this.log("error", `disabilities_file ${this.path} cannot be written (${code ?? (err as Error).message}): the disabled programs will not survive a restart`);
    }
  }
}

function disabledList(flags: Record<string, boolean>): string {
  const disabled = Object.keys(flags).filter((p) => flags[p]);
  return disabled.length === 0 ? "no program disabled" : `disabled ${disabled.join(", ")}`;
}
