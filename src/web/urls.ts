// Links of the dashboard (UI-06, UI-07): to a page of the serving instance (relative), or to a
// page of another instance (`http://<address>:<http_port>/<page>?...`), where the address is that
// instance's IPv4 on the network of the address the browser used, else its host_id.

import type { ClusterState } from "../cluster/state.ts";

export type UrlParams = Record<string, string | number | boolean | null | undefined>;

function ipv4ToInt(text: string): number | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    value = value * 256 + n;
  }
  return value;
}

interface NicAddress {
  address: string;
  netmask: string;
}

/** The (address, netmask) pairs a handshake reported (NetworkInfo.addresses, per interface). */
function nicAddresses(addresses: Record<string, unknown>): NicAddress[] {
  const result: NicAddress[] = [];
  for (const entry of Object.values(addresses)) {
    const nic = (entry as { nic_info?: { ipv4_address?: unknown; netmask?: unknown } } | null)?.nic_info;
    const list = (entry as { ipv4_addresses?: unknown } | null)?.ipv4_addresses;
    const netmask = typeof nic?.netmask === "string" ? nic.netmask : "";
    if (Array.isArray(list)) {
      for (const a of list) if (typeof a === "string") result.push({ address: a, netmask });
    } else if (typeof nic?.ipv4_address === "string") {
      result.push({ address: nic.ipv4_address, netmask });
    }
  }
  return result;
}

/**
 * The address to reach `identifier` from a browser that used `browserHost`.
 * @example addressFor(state, "10.0.0.2:9001", "10.0.0.1") // "10.0.0.2" when both share 10.0.0.0/24
 */
export function addressFor(cluster: ClusterState, identifier: string, browserHost: string): string {
  const record = cluster.instances.get(identifier);
  if (record === undefined) return identifier.slice(0, identifier.lastIndexOf(":")) || identifier;
  const browser = ipv4ToInt(browserHost);
  if (browser !== null && record.network !== null) {
    for (const { address, netmask } of nicAddresses(record.network.addresses)) {
      const ip = ipv4ToInt(address);
      const mask = ipv4ToInt(netmask);
      if (ip !== null && mask !== null && (ip & mask) >>> 0 === (browser & mask) >>> 0) return address;
    }
  }
  return record.identity.host;
}

/** The query string of the parameters set (null, undefined and "" are left out as Supvisors does). */
export function queryString(params: UrlParams): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === "") continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text === "" ? "" : `?${text}`;
}

/** Builds the links of one rendering: relative for the serving instance, absolute for others. */
export class UrlMaker {
  readonly #cluster: ClusterState;
  readonly #browserHost: string;

  constructor(cluster: ClusterState, browserHost: string) {
    this.#cluster = cluster;
    this.#browserHost = browserHost;
  }

  /** `identifier` "" or the local one: a relative link. */
  page(identifier: string, page: string, params: UrlParams = {}): string {
    const query = queryString(params);
    if (identifier === "" || identifier === this.#cluster.localId) return `${page}${query}`;
    const port = this.#cluster.instances.get(identifier)?.identity.httpPort ?? Number(identifier.slice(identifier.lastIndexOf(":") + 1));
    const address = addressFor(this.#cluster, identifier, this.#browserHost);
    const host = address.includes(":") ? `[${address}]` : address;
    return `http://${host}:${port}/${page}${query}`;
  }
}

/** The host name part of a Host header ("" when absent), IPv6 brackets removed. */
export function hostOf(hostHeader: string | null | undefined): string {
  const text = (hostHeader ?? "").trim();
  if (text.startsWith("[")) return text.slice(1, text.indexOf("]"));
  const colon = text.lastIndexOf(":");
  return colon > 0 ? text.slice(0, colon) : text;
}
