// Namespecs as Supervisor writes them (RPC-GEN-09): `process`, `group:process`, `group:*`, `group:`.

export interface ParsedNamespec {
  group: string;
  /** null designates every process of the group. */
  process: string | null;
}

/**
 * @example parseNamespec("grp:web_00") // { group: "grp", process: "web_00" }
 * @example parseNamespec("grp:*")      // { group: "grp", process: null }
 * @example parseNamespec("sleeper")    // { group: "sleeper", process: "sleeper" }
 */
export function parseNamespec(namespec: string): ParsedNamespec {
  const colon = namespec.indexOf(":");
  if (colon < 0) return { group: namespec, process: namespec };
  const group = namespec.slice(0, colon);
  const process = namespec.slice(colon + 1);
  return { group, process: process === "" || process === "*" ? null : process };
}

/** The inverse: a process whose name is its group's name is written alone. */
export function makeNamespec(group: string, process: string): string {
  return group === process ? process : `${group}:${process}`;
}
