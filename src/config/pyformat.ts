// Python-style `%` formatting with a mapping, the way supervisord expands `%(name)s` in option values.
// Only the mapping form is meaningful in a config file; an unnamed `%s` is rejected with a hint
// (Python would print the whole mapping, which nobody wants in a command line).
//
// Example: pyFormat("%(program_name)s_%(process_num)02d", { program_name: "web", process_num: 3 })
//          === "web_03"

export type FormatValue = string | number;

/** Why a template could not be expanded. `missing` carries the unknown name. */
export class FormatError extends Error {
  constructor(
    readonly kind: "missing" | "bad",
    readonly detail: string,
  ) {
    super(detail);
    this.name = "FormatError";
  }
}

interface Spec {
  flags: string;
  width: number | null;
  precision: number | null;
  conversion: string;
}

/** Expands every `%(name)<spec>` of `template` from `names`; `%%` gives `%`. Throws FormatError. */
export function pyFormat(template: string, names: Readonly<Record<string, FormatValue>>): string {
  let out = "";
  let i = 0;
  while (i < template.length) {
    const pct = template.indexOf("%", i);
    if (pct === -1) {
      out += template.slice(i);
      break;
    }
    out += template.slice(i, pct);
    i = pct + 1;
    if (i >= template.length) throw new FormatError("bad", "incomplete format (a lone '%' at the end)");
    if (template[i] === "%") {
      out += "%";
      i++;
      continue;
    }
    if (template[i] !== "(") {
      throw new FormatError(
        "bad",
        `'%${template[i]}' at index ${pct} has no (name); write %% for a literal percent sign`,
      );
    }
    // Python allows nested parentheses inside the key.
    let depth = 1;
    let j = i + 1;
    while (j < template.length && depth > 0) {
      if (template[j] === "(") depth++;
      else if (template[j] === ")") depth--;
      j++;
    }
    if (depth > 0) throw new FormatError("bad", `incomplete format key after index ${pct}`);
    const key = template.slice(i + 1, j - 1);
    i = j;
    const parsed = parseSpec(template, i, pct);
    i = parsed.next;
    if (parsed.spec.conversion === "%") {
      out += "%";
      continue;
    }
    if (!Object.prototype.hasOwnProperty.call(names, key)) throw new FormatError("missing", key);
    out += convert(names[key] as FormatValue, parsed.spec, key);
  }
  return out;
}

function parseSpec(t: string, start: number, pct: number): { spec: Spec; next: number } {
  let i = start;
  let flags = "";
  while (i < t.length && "#0- +".includes(t[i] as string)) flags += t[i++];
  let width: number | null = null;
  let digits = "";
  while (i < t.length && /[0-9]/.test(t[i] as string)) digits += t[i++];
  if (digits) width = Number(digits);
  else if (t[i] === "*") throw new FormatError("bad", `'*' width at index ${pct} needs a tuple, not names`);
  let precision: number | null = null;
  if (t[i] === ".") {
    i++;
    let p = "";
    while (i < t.length && /[0-9]/.test(t[i] as string)) p += t[i++];
    precision = p ? Number(p) : 0;
  }
  while (i < t.length && "hlL".includes(t[i] as string)) i++;
  if (i >= t.length) throw new FormatError("bad", `incomplete format after index ${pct}`);
  const conversion = t[i] as string;
  if (!"diuoxXeEfFgGcrsa%".includes(conversion)) {
    const code = conversion.charCodeAt(0).toString(16);
    throw new FormatError("bad", `unsupported format character '${conversion}' (0x${code}) at index ${i}`);
  }
  return { spec: { flags, width, precision, conversion }, next: i + 1 };
}

function convert(value: FormatValue, spec: Spec, key: string): string {
  const c = spec.conversion;
  if (c === "s" || c === "r" || c === "a") {
    let text = c === "s" ? String(value) : pyRepr(value);
    if (spec.precision !== null) text = text.slice(0, spec.precision);
    return pad(text, spec, false);
  }
  if (c === "c") {
    if (typeof value === "number") return pad(String.fromCodePoint(value), spec, false);
    if ([...value].length !== 1) throw new FormatError("bad", `%c of '${key}' requires a single character`);
    return pad(value, spec, false);
  }
  if (typeof value !== "number") {
    throw new FormatError("bad", `%${c} format of '${key}': a number is required, not a string (use %(${key})s)`);
  }
  return pad(formatNumber(value, spec), spec, true);
}

function formatNumber(n: number, spec: Spec): string {
  const c = spec.conversion;
  const alt = spec.flags.includes("#");
  const neg = n < 0 || Object.is(n, -0);
  const a = Math.abs(n);
  let body: string;
  if ("diu".includes(c)) {
    body = Math.trunc(a).toString();
    if (spec.precision !== null) body = body.padStart(spec.precision, "0");
  } else if (c === "o" || c === "x" || c === "X") {
    body = Math.trunc(a).toString(c === "o" ? 8 : 16);
    if (spec.precision !== null) body = body.padStart(spec.precision, "0");
    if (c === "X") body = body.toUpperCase();
    if (alt) body = (c === "o" ? "0o" : c === "x" ? "0x" : "0X") + body;
  } else if (c === "f" || c === "F") {
    body = a.toFixed(spec.precision ?? 6);
  } else if (c === "e" || c === "E") {
    body = expForm(a, spec.precision ?? 6);
    if (c === "E") body = body.toUpperCase();
  } else {
    body = generalForm(a, spec.precision ?? 6, alt);
    if (c === "G") body = body.toUpperCase();
  }
  const sign = neg ? "-" : spec.flags.includes("+") ? "+" : spec.flags.includes(" ") ? " " : "";
  return sign + body;
}

/** Python writes at least two exponent digits: 1.5e+03. */
function expForm(a: number, precision: number): string {
  const [mant, exp] = a.toExponential(precision).split("e") as [string, string];
  const expSign = exp.startsWith("-") ? "-" : "+";
  return `${mant}e${expSign}${exp.replace(/^[+-]/, "").padStart(2, "0")}`;
}

function generalForm(a: number, precision: number, alt: boolean): string {
  const p = precision === 0 ? 1 : precision;
  const exp = a === 0 ? 0 : Math.floor(Math.log10(a));
  let text = exp >= -4 && exp < p ? a.toFixed(Math.max(p - 1 - exp, 0)) : expForm(a, p - 1);
  if (alt) return text;
  const [mant, expPart] = text.split("e") as [string, string | undefined];
  const trimmed = mant.includes(".") ? mant.replace(/0+$/, "").replace(/\.$/, "") : mant;
  return expPart === undefined ? trimmed : `${trimmed}e${expPart}`;
}

/** Width padding: numbers honour the `0` flag (after the sign); `-` aligns left. */
function pad(text: string, spec: Spec, numeric: boolean): string {
  if (spec.width === null || text.length >= spec.width) return text;
  if (spec.flags.includes("-")) return text.padEnd(spec.width, " ");
  if (numeric && spec.flags.includes("0")) {
    const signLen = /^[+\- ]/.test(text) ? 1 : 0;
    const prefixMatch = /^(0[oxX])/.exec(text.slice(signLen));
    const head = text.slice(0, signLen + (prefixMatch ? 2 : 0));
    return head + text.slice(head.length).padStart(spec.width - head.length, "0");
  }
  return text.padStart(spec.width, " ");
}

/** Python's repr() of a str or int, enough for `%r` in a config value. */
export function pyRepr(value: FormatValue): string {
  if (typeof value === "number") return String(value);
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  let body = "";
  for (const ch of value) {
    if (ch === "\\") body += "\\\\";
    else if (ch === quote) body += "\\" + ch;
    else if (ch === "\n") body += "\\n";
    else if (ch === "\r") body += "\\r";
    else if (ch === "\t") body += "\\t";
    else if (ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f) {
      body += "\\x" + ch.charCodeAt(0).toString(16).padStart(2, "0");
    } else body += ch;
  }
  return quote + body + quote;
}
