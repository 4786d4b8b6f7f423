// Which entry of supvisors_list is this instance (CFG-SV-03), decided without any name
// resolution: Supvisors asks `gethostbyaddr` about every non-loopback interface and fails when DNS
// and /etc/hosts disagree with the list, and it never accepts a loopback entry. Flotilla compares
// the entry's host, as written and case-insensitively, with this machine's host names (full and
// short), every local interface address, `localhost` and any 127.x.y.z address; the entry's port
// must be the `[inet_http_server]` port, which is what tells several instances on one host apart.
//
// When several entries still match (two entries naming the same host differently, with the same
// port), or none does, a `[supervisord] identifier` equal to an entry's nick settles it: the user
// named the instance. Otherwise the error lists everything that was compared.
//
// Example: identifyLocalInstance(instances, { httpPort: 61001, hostNames: ["node1"], addresses: ["127.0.0.1"] })
//          → the entry `127.0.0.1:61001`

import { hostname, networkInterfaces } from "node:os";
import { DEFAULT_SUPERVISOR_IDENTIFIER, type DeclaredInstance } from "./supvisors-model.ts";

/** What this machine is called and where it can be reached. */
export interface LocalHostFacts {
  /** Full host name first, then the short one when it differs. */
  hostNames: string[];
  /** Every address of every interface, loopback included. */
  addresses: string[];
}

export interface LocalIdentity extends LocalHostFacts {
  /** The `[inet_http_server]` port of this supervisord. */
  httpPort: number;
  /** `[supervisord] identifier`; the default `supervisor` means "not chosen". */
  identifier?: string;
}

/** os.hostname() and os.networkInterfaces(): the only impure part of identification. */
export function localHostFacts(): LocalHostFacts {
  const full = hostname();
  const short = full.split(".")[0] ?? full;
  const addresses: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const info of list ?? []) if (!addresses.includes(info.address)) addresses.push(info.address);
  }
  return { hostNames: short && short !== full ? [full, short] : [full], addresses };
}

/** Loopback by its very name or address: `localhost`, `*.localhost` (RFC 6761), 127.0.0.0/8. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  return h === "localhost" || h.endsWith(".localhost") || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Whether `host` (as written in supvisors_list) designates this machine. */
export function isLocalHost(host: string, facts: LocalHostFacts): boolean {
  const h = host.toLowerCase();
  if (isLoopbackHost(h)) return true;
  return facts.hostNames.some((n) => n.toLowerCase() === h) || facts.addresses.some((a) => a.toLowerCase() === h);
}

function shown(i: DeclaredInstance): string {
  return i.nick === i.identifier ? i.identifier : `<${i.nick}>${i.identifier}`;
}

function comparedWith(local: LocalIdentity): string {
  const names = ["localhost", ...local.hostNames].join(", ");
  const addresses = ["127.0.0.0/8", ...local.addresses.filter((a) => !/^127\./.test(a))].join(", ");
  return `this host (names: ${names}; addresses: ${addresses}) and http port ${local.httpPort}`;
}

/**
 * The entry of `list` that is this instance. Throws an Error saying why when no entry or
 * several entries match, with what was compared.
 */
export function identifyLocalInstance(list: readonly DeclaredInstance[], local: LocalIdentity): DeclaredInstance {
  const samePort = list.filter((i) => i.httpPort === local.httpPort);
  const matches = samePort.filter((i) => isLocalHost(i.host, local));
  if (matches.length === 1) return matches[0] as DeclaredInstance;

  const chosen = local.identifier !== undefined && local.identifier !== DEFAULT_SUPERVISOR_IDENTIFIER ? local.identifier : null;
  if (chosen !== null) {
    const byNick = (matches.length > 1 ? matches : samePort).filter((i) => i.nick === chosen);
    if (byNick.length === 1) return byNick[0] as DeclaredInstance;
  }

  const entries = list.map(shown).join(", ") || "(none)";
  if (matches.length > 1) {
    throw new Error(
      `several entries of supvisors_list match ${comparedWith(local)}: ${matches.map(shown).join(", ")}; ` +
        `declare each instance of this host once, with its own port` +
        (chosen === null ? `, or set [supervisord] identifier to the nick of this one` : ""),
    );
  }
  const onThisHost = list.filter((i) => isLocalHost(i.host, local));
  const hint =
    onThisHost.length > 0
      ? `; entries on this host use port ${[...new Set(onThisHost.map((i) => i.httpPort))].join(", ")}, ` +
        `not the [inet_http_server] port ${local.httpPort}`
      : `; write this host as one of those names or addresses, with the [inet_http_server] port`;
  const nickNote = chosen !== null ? ` (no entry with port ${local.httpPort} has the nick '${chosen}' either)` : "";
  throw new Error(
    `no entry of supvisors_list matches ${comparedWith(local)}${nickNote}; entries: ${entries}${hint}`,
  );
}

/**
 * Supvisors' warning when `[supervisord] identifier` is set and differs from the nick of the
 * local entry (CFG-SD-17); null when there is nothing to say.
 */
export function identifierMismatchWarning(identifier: string, local: DeclaredInstance): string | null {
  if (identifier === DEFAULT_SUPERVISOR_IDENTIFIER || identifier === local.nick) return null;
  return (
    `[supervisord] identifier '${identifier}' differs from the nick '${local.nick}' of this instance ` +
    `in supvisors_list (${local.written}); the nick is what peers and rules use`
  );
}
