// Enum parameters of the supvisors.* methods (RPC-GEN-07): the exact upper-case name as a string,
// or the integer value; anything else is INCORRECT_PARAMETERS with the allowed list, worded as
// Supvisors words it. Log levels follow the same rule with Supervisor's lower-case level names,
// matched case-insensitively.

import { LogLevels, type LogLevelName } from "../../config/model.ts";
import {
  CONCILIATION_STRATEGIES,
  STARTING_STRATEGIES,
  type ConciliationStrategy,
  type StartingStrategy,
} from "../../config/supvisors-model.ts";
import { Faults, RpcFault } from "../faults.ts";
import type { XmlRpcValue } from "../xmlrpc/value.ts";
import { pyRepr, pyStr, pyType } from "./python-text.ts";

/** A Supvisors enum: its Python class name and its members in value order (0, 1, 2…). */
export interface EnumSpec<N extends string> {
  className: string;
  names: readonly N[];
}

export const StartingStrategies: EnumSpec<StartingStrategy> = {
  className: "StartingStrategies",
  names: STARTING_STRATEGIES,
};

export const ConciliationStrategies: EnumSpec<ConciliationStrategy> = {
  className: "ConciliationStrategies",
  names: CONCILIATION_STRATEGIES,
};

const list = (items: readonly (string | number)[]) => `[${items.map((x) => pyRepr(x)).join(", ")}]`;

function incorrect(message: string, complement: string): RpcFault {
  return new RpcFault(Faults.INCORRECT_PARAMETERS, `${message} - ${complement}`);
}

/** XML-RPC <int> arrives as a JS integer or a bigint (<i8>). */
function asInt(v: XmlRpcValue): number | undefined {
  if (typeof v === "bigint") return Number(v);
  return typeof v === "number" && Number.isInteger(v) ? v : undefined;
}

/**
 * The member named or numbered by `v`.
 * @example enumParam(StartingStrategies, "LOCAL") // "LOCAL"; enumParam(StartingStrategies, 1) // "LESS_LOADED"
 */
export function enumParam<N extends string>(spec: EnumSpec<N>, v: XmlRpcValue): N {
  const klass = `<enum '${spec.className}'>`;
  if (typeof v === "string") {
    if ((spec.names as readonly string[]).includes(v)) return v as N;
    throw incorrect(`invalid ${klass} value=${v}`, `string expected in ${list(spec.names)}`);
  }
  const n = asInt(v);
  if (n !== undefined) {
    const name = spec.names[n];
    if (n >= 0 && name !== undefined) return name;
    throw incorrect(`invalid ${klass} value=${n}`, `integer expected in ${list(spec.names.map((_, i) => i))}`);
  }
  throw incorrect(`invalid ${klass} value=${pyStr(v)} type=${pyType(v)}`, "type string or integer expected");
}

const LEVEL_NAMES = Object.keys(LogLevels) as LogLevelName[];

/**
 * RPC-SV-40: a level name (any case) or its number (50, 40, 30, 20, 10, 5, 3). A base64 argument
 * counts as its text, as Supervisor's unmarshaller makes it.
 * @example logLevelParam("INFO") // "info"; logLevelParam(5) // "trace"
 */
export function logLevelParam(v: XmlRpcValue): LogLevelName {
  const value = v instanceof Uint8Array ? new TextDecoder().decode(v) : v;
  if (typeof value === "string") {
    const name = LEVEL_NAMES.find((l) => l === value.toLowerCase());
    if (name !== undefined) return name;
    throw incorrect(`invalid logger value=${value}`, `string expected in ${list(LEVEL_NAMES)}`);
  }
  const n = asInt(value);
  if (n !== undefined) {
    const name = LEVEL_NAMES.find((l) => LogLevels[l] === n);
    if (name !== undefined) return name;
    throw incorrect(`invalid logger value=${n}`, `integer expected in ${list(LEVEL_NAMES.map((l) => LogLevels[l]))}`);
  }
  throw incorrect(`invalid logger value=${pyStr(value)} type=${pyType(value)}`, "type string or integer expected");
}
