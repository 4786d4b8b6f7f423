// Who is in the cluster: declared instances, and in discovery mode the ones that announce
// themselves or that a peer relays (PEERS). An instance is who its authenticated frames say it
// is, reachable at the address it announced from; no DNS is involved.
import type { Draft } from "./draft.ts";
import { message, type PeerEntry } from "./messages.ts";
import { newInstanceRecord } from "./state.ts";
import type { PeerIdentity } from "./transport.ts";

/** FNV-1a over the sorted identifiers: equal digests mean both nodes know the same instances. */
export function peersDigest(identifiers: Iterable<string>): string {
  let hash = 0x811c9dc5;
  for (const id of [...identifiers].sort()) {
    for (let i = 0; i < id.length; i += 1) {
      hash ^= id.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    hash = Math.imul(hash ^ 0x2c, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

export function localPeersDigest(d: Draft): string {
  return d.state.options.discoveryMode ? peersDigest(d.state.instances.keys()) : "";
}

/** A nick already used by another identifier (EVT-INT-16: rejected with a warning). */
function nickClash(d: Draft, identity: PeerIdentity): string | undefined {
  for (const record of d.all()) {
    if (record.identity.nick === identity.nick && record.identity.identifier !== identity.identifier) return record.identity.identifier;
  }
  return undefined;
}

/**
 * Makes sure an instance is known. Unknown ones join only in discovery mode; returns whether the
 * identity may be used (known, or just added).
 */
export function admit(d: Draft, identity: PeerIdentity, address: string, how: string): boolean {
  const known = d.get(identity.identifier);
  if (known) {
    if (known.identity.nick !== identity.nick) {
      d.log("warn", `${how} from ${identity.identifier} rejected: nick ${identity.nick} differs from the known ${known.identity.nick}`);
      return false;
    }
    return true;
  }
  if (!d.state.options.discoveryMode) {
    if (!d.state.warnedUnknown.has(identity.identifier)) {
      d.state.warnedUnknown = new Set([...d.state.warnedUnknown, identity.identifier]);
      d.log("warn", `${how} from unknown instance ${identity.identifier} (${address}) ignored: not in supvisors_list and discovery is off`);
    }
    return false;
  }
  const clash = nickClash(d, identity);
  if (clash !== undefined) {
    d.log("warn", `${how} from ${identity.identifier} rejected: nick ${identity.nick} is already used by ${clash}`);
    return false;
  }
  d.add(newInstanceRecord(identity, address, false));
  d.state.instancesDirty = true;
  d.log("info", `instance ${identity.identifier} discovered at ${address} (${how})`);
  d.emit({ type: "connect", peer: identity, address });
  return true;
}

/** A discovery announcement: learn the instance, or follow it to the address it now comes from. */
export function onAnnounce(d: Draft, identity: PeerIdentity, address: string): void {
  if (identity.identifier === d.localId) return;
  const known = d.get(identity.identifier);
  if (!known) {
    admit(d, identity, address, "announcement");
    return;
  }
  if (known.state === "ISOLATED" || known.identity.nick !== identity.nick) return;
  if (known.address !== address) {
    d.edit(identity.identifier).address = address;
    d.log("info", `instance ${identity.identifier} now reachable at ${address}`);
    d.emit({ type: "connect", peer: identity, address });
  }
}

/** Every known instance but the receiver and ourselves (the receiver knows us from the frame). */
export function sendPeers(d: Draft, to: string): void {
  const peers: PeerEntry[] = [];
  for (const record of d.all()) {
    const id = record.identity.identifier;
    if (id === d.localId || id === to || record.address === "") continue;
    peers.push({ identity: record.identity, address: record.address });
  }
  d.send(to, message("peers", { peers }));
}

export function onPeers(d: Draft, entries: PeerEntry[], from: string): void {
  for (const entry of entries) {
    if (entry.identity.identifier === d.localId || d.get(entry.identity.identifier)) continue;
    admit(d, entry.identity, entry.address, `relay by ${from}`);
  }
}
