// Reads options of the Supvisors section the way Supvisors 0.19 does (`_get_value`): an absent
// option gives its default; a value that does not convert is logged as an error and the default
// is used instead. The few options where Supvisors stops instead (logger options, supvisors_list,
// empty synchro_options) go through `strict`, which throws a ConfigError naming file, line,
// section and option.
//
// Example: reader.lenient("synchro_timeout", 15, (v) => parseRangedInteger(v, ...))
//          with "5" → 15, and the warning
//          "/etc/sv.conf:14: [rpcinterface:supvisors] synchro_timeout: invalid value ...; the default 15 is used instead"

import { ConfigError, type PluginSection, type SourceRef } from "./model.ts";

export class SupvisorsOptionReader {
  readonly warnings: string[] = [];

  constructor(
    readonly plugin: PluginSection,
    /** The section name as written: `rpcinterface:supvisors` or `supvisors`. */
    readonly section: string,
  ) {}

  /** The option's line when known, else the section header. */
  at(key: string | null): SourceRef {
    return (key !== null && this.plugin.optionSources?.[key]) || this.plugin.source;
  }

  has(key: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.plugin.options, key);
  }

  raw(key: string): string | undefined {
    return this.has(key) ? this.plugin.options[key] : undefined;
  }

  /** `file:line: [section] key: message` — the ConfigError layout, for warnings. */
  located(key: string | null, message: string): string {
    const at = this.at(key);
    const what = key === null ? `[${this.section}]` : `[${this.section}] ${key}`;
    return `${at.file}:${at.line}: ${what}: ${message}`;
  }

  warn(key: string | null, message: string): void {
    this.warnings.push(this.located(key, message));
  }

  /** A fatal error at the option's line (argument order as SectionReader.error). */
  error(message: string, key: string | null = null): ConfigError {
    const at = this.at(key);
    return new ConfigError(message, at.file, at.line, this.section, key);
  }

  /** Converted value, or `fallback` (with an error in the warnings) when it does not convert. */
  lenient<T>(key: string, fallback: T, convert: (value: string) => T, shown?: string): T {
    const value = this.raw(key);
    if (value === undefined) return fallback;
    try {
      return convert(value);
    } catch (err) {
      if (!(err instanceof Error)) throw err;
      this.warn(key, `${err.message}; the default ${shown ?? describe(fallback)} is used instead`);
      return fallback;
    }
  }

  /** Converted value, or `fallback` when absent; a value that does not convert is fatal. */
  strict<T>(key: string, fallback: T, convert: (value: string) => T): T {
    const value = this.raw(key);
    if (value === undefined) return fallback;
    try {
      return convert(value);
    } catch (err) {
      if (err instanceof ConfigError || !(err instanceof Error)) throw err;
      throw this.error(err.message, key);
    }
  }
}

/** A default as a user would write it: lists comma-joined, null as "(none)". */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return "(none)";
  if (Array.isArray(value)) return value.length === 0 ? "(none)" : value.join(",");
  if (typeof value === "string") return value === "" ? "(empty)" : value;
  return String(value);
}
