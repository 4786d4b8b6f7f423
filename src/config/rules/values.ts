// XSD value checks of the rules schema (supvisors/rules.xsd, spec/rules.md RULE-05..07): xs:byte
// sequences, the Loading int range, xs:boolean and the upper-case enumerations. Each returns the
// typed value or a sentence saying what is wrong, so the parser can put file and line around it.

export type Checked<T> = { ok: true; value: T } | { ok: false; why: string };

/** XSD collapses whitespace for numeric and boolean types before checking their lexical form. */
function collapse(raw: string): string {
  return raw.replace(/[\t\n\r ]+/g, " ").trim();
}

/** An XSD integer in [min, max]: optional sign, decimal digits (leading zeros allowed). */
export function checkInteger(raw: string, min: number, max: number): Checked<number> {
  const text = collapse(raw);
  if (!/^[+-]?[0-9]+$/.test(text)) {
    return { ok: false, why: `"${raw}" is not an integer (expected ${min}..${max})` };
  }
  const value = Number.parseInt(text, 10);
  if (value < min || value > max) {
    return { ok: false, why: `${value} is out of range (expected ${min}..${max})` };
  }
  return { ok: true, value };
}

/** xs:byte, the schema type of start_sequence and stop_sequence (RULE-07). */
export function checkByte(raw: string): Checked<number> {
  return checkInteger(raw, -128, 127);
}

/** The schema's Loading type: xs:int restricted to 0..100 (RULE-39). */
export function checkLoading(raw: string): Checked<number> {
  return checkInteger(raw, 0, 100);
}

/**
 * xs:boolean: only true, false, 1, 0 (RULE-06). Supvisors' own parser would also take yes/on/...,
 * but only when lxml is absent; the schema is the stricter and documented contract.
 */
export function checkBoolean(raw: string): Checked<boolean> {
  const text = collapse(raw);
  if (text === "true" || text === "1") return { ok: true, value: true };
  if (text === "false" || text === "0") return { ok: true, value: false };
  return { ok: false, why: `"${raw}" is not a boolean (expected true, false, 1 or 0)` };
}

/** An enumeration of xs:string: exact, case-sensitive, whitespace preserved (RULE-05). */
export function checkEnum<T extends string>(raw: string, values: readonly T[]): Checked<T> {
  const found = values.find((v) => v === raw);
  if (found === undefined) {
    return { ok: false, why: `"${raw}" is not one of ${values.join(", ")}` };
  }
  return { ok: true, value: found };
}

/** Supervisor's list_of_strings: split on commas and trim each item; empty text → empty list. */
export function splitList(raw: string): string[] {
  if (raw === "") return [];
  return raw.split(",").map((item) => item.trim());
}
