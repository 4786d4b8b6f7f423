// `supvisors_list` (CFG-SV-02): entries `[<nick>]host[:port]` turned into DeclaredInstance values
// the way Supvisors 0.19's mapper completes them (identifier `host:port`, nick defaults, event
// port), and the single local entry used when the list is empty.
//
// Deliberate differences from Supvisors, all required by Flotilla's cluster design:
// - No name resolution: Supvisors refuses an entry whose host `gethostbyaddr` cannot resolve, and
//   never identifies itself with a loopback entry. Flotilla keeps the host as written, so
//   `127.0.0.1:61000` or `localhost:61001` entries are valid and several entries may share a host.
// - Ports: Supvisors' pattern wants 4 or 5 digits (so 1..999 are refused, and 65536..99999 pass
//   the pattern). Flotilla accepts exactly 1..65535, so tests can use any ephemeral port.
// - Two entries giving the same identifier, or the same nick to different identifiers, are fatal:
//   Supvisors silently lets the later one win, which makes `#`/`@` rules and API calls ambiguous.
// The character rules are kept: nick `[\w\-:.]`, host `[\w\-.]` (Python's Unicode `\w`).
//
// Example: parseDeclaredInstance("<alpha>nodeA:61000", { localHttpPort: 61000, eventPort: null })
//          → { identifier: "nodeA:61000", nick: "alpha", host: "nodeA", httpPort: 61000, eventPort: 61001, ... }

import { ConversionError, quote } from "./datatypes.ts";
import { DEFAULT_SUPERVISOR_IDENTIFIER, type DeclaredInstance } from "./supvisors-model.ts";

const ENTRY_RE = /^(?:<(?<nick>[\p{L}\p{N}_\-:.]+)>)?(?<host>[\p{L}\p{N}_\-.]+)(?::(?<port>[0-9]+))?$/u;

export interface ListContext {
  /** This supervisord's `[inet_http_server]` port: the port of entries that omit theirs. */
  localHttpPort: number;
  /** The `event_port` option, or null to use each instance's http port + 1. */
  eventPort: number | null;
}

/** One entry of supvisors_list. Throws ConversionError saying what is wrong with it. */
export function parseDeclaredInstance(entry: string, ctx: ListContext): DeclaredInstance {
  const m = ENTRY_RE.exec(entry);
  const groups = m?.groups;
  if (!groups) {
    throw new ConversionError(
      `${quote(entry)} is not a valid entry: write [<nick>]host[:port], e.g. <alpha>node1:61000 or 127.0.0.1:61001 ` +
        `(nick: letters, digits, _ - : . ; host: letters, digits, _ - .)`,
    );
  }
  const host = groups.host as string;
  const portText = groups.port;
  let httpPort = ctx.localHttpPort;
  if (portText !== undefined) {
    httpPort = Number(portText);
    if (!(httpPort >= 1 && httpPort <= 65535)) {
      throw new ConversionError(`${quote(entry)} has port ${portText}, which is out of range; use 1 to 65535`);
    }
  }
  const identifier = `${host}:${httpPort}`;
  const written = groups.nick;
  let nick: string;
  if (written !== undefined && written !== DEFAULT_SUPERVISOR_IDENTIFIER) nick = written;
  else nick = portText !== undefined ? identifier : host;
  return { identifier, nick, host, httpPort, eventPort: ctx.eventPort ?? httpPort + 1, written: entry };
}

/** Entries of the option value: items stripped, empty ones and exact duplicates dropped. */
export function splitSupvisorsList(value: string): string[] {
  return [...new Set(value.split(",").map((s) => s.trim()).filter(Boolean))];
}

/**
 * All entries, in order. Throws ConversionError naming the first bad entry, or two entries that
 * clash (same identifier, or one nick for two identifiers).
 */
export function parseSupvisorsList(entries: readonly string[], ctx: ListContext): DeclaredInstance[] {
  const instances: DeclaredInstance[] = [];
  for (const entry of entries) {
    const instance = parseDeclaredInstance(entry, ctx);
    const sameId = instances.find((i) => i.identifier === instance.identifier);
    if (sameId) {
      throw new ConversionError(
        `${quote(sameId.written)} and ${quote(entry)} both declare the instance ${instance.identifier}; ` +
          `remove one, or give them different ports`,
      );
    }
    const sameNick = instances.find((i) => i.nick === instance.nick);
    if (sameNick) {
      throw new ConversionError(
        `${quote(sameNick.written)} and ${quote(entry)} both use the nick ${quote(instance.nick)}; ` +
          `every instance needs its own nick`,
      );
    }
    instances.push(instance);
  }
  return instances;
}

/**
 * The entry Supvisors builds when supvisors_list is empty: `<identifier>hostname:http_port`
 * (CFG-SD-17). Its nick is the Supervisor identifier unless that is the default `supervisor`,
 * in which case it is `hostname:http_port`.
 */
export function defaultLocalEntry(identifier: string, hostName: string, ctx: ListContext): DeclaredInstance {
  return parseDeclaredInstance(`<${identifier}>${hostName}:${ctx.localHttpPort}`, ctx);
}
