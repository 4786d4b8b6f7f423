// An in-memory network implementing the cluster Transport for many nodes in one process: links
// opened by `connect`, per-link FIFO delivery after a delay, random loss, silent partitions,
// node kill (peers see their link go down) and `forget`. Time comes from a Scheduler, so the same
// network runs in virtual time (simulator) or real time (transport conformance suite).
import type { PeerIdentity, Transport, TransportEvent } from "../../src/cluster/transport.ts";
import type { Scheduler } from "./clock.ts";
import { Prng } from "./prng.ts";

export interface NetworkConditions {
  /** Delivery delay range in seconds. */
  minDelay: number;
  maxDelay: number;
  /** Probability that one frame or announcement is lost. */
  loss: number;
  /**
   * What a lost frame costs on a link: "drop" (gone, as a datagram), or "retransmit" (TCP: the
   * frame, and every later one on that link, waits for a retransmission after `rto` seconds,
   * doubled for each further loss of the same frame, as Linux's 200 ms minimum RTO and its
   * exponential backoff do).
   */
  lossMode: "drop" | "retransmit";
  rto: number;
}

/** Seconds before a reset connection is dialled again (the TCP transport's minimum backoff). */
const RECONNECT_DELAY = 0.1;

const pairKey = (a: string, b: string) => (a < b ? `${a}\n${b}` : `${b}\n${a}`);

export class MemoryNetwork {
  readonly conditions: NetworkConditions;
  #endpoints = new Map<string, MemoryTransport>();
  /** Pairs someone asked to link (survive a restart of either end, like a reconnecting client). */
  #wanted = new Set<string>();
  /** The wanted pairs each node is in: a change at one node rechecks its links only (else N⁴ at start). */
  #wantedBy = new Map<string, Set<string>>();
  #up = new Set<string>();
  /** Partition group of each identifier; absent = the default group 0. */
  #groups = new Map<string, number>();
  #lastDelivery = new Map<string, number>();
  /** Frames in flight per directed link, delivered strictly in this order. */
  #inFlight = new Map<string, { target: MemoryTransport; sender: string; event: TransportEvent; generation: number }[]>();
  /** Connection number of each pair: frames of an earlier connection are not delivered. */
  #generation = new Map<string, number>();

  constructor(
    readonly scheduler: Scheduler,
    readonly rng: Prng = new Prng(1),
    conditions: Partial<NetworkConditions> = {},
  ) {
    this.conditions = { minDelay: 0.001, maxDelay: 0.005, loss: 0, lossMode: "drop", rto: 0.2, ...conditions };
  }

  /** Attaches a node; `multicast` = it receives announcements. */
  join(identity: PeerIdentity, options: { address?: string; multicast?: boolean } = {}): MemoryTransport {
    const existing = this.#endpoints.get(identity.identifier);
    if (existing && !existing.closed) throw new Error(`${identity.identifier} is already attached`);
    const transport = new MemoryTransport(this, identity, options.address ?? `mem:${identity.identifier}`, options.multicast ?? true);
    this.#endpoints.set(identity.identifier, transport);
    this.#relink(identity.identifier);
    return transport;
  }

  endpoint(identifier: string): MemoryTransport | undefined {
    const t = this.#endpoints.get(identifier);
    return t && !t.closed ? t : undefined;
  }

  /** Cuts the network into groups; nodes not listed stay in group 0. Links stay "up" (silent cut). */
  partition(groups: string[][]): void {
    this.#groups.clear();
    groups.forEach((ids, index) => ids.forEach((id) => this.#groups.set(id, index + 1)));
  }

  heal(): void {
    this.#groups.clear();
  }

  reachable(a: string, b: string): boolean {
    return (this.#groups.get(a) ?? 0) === (this.#groups.get(b) ?? 0);
  }

  linked(a: string, b: string): boolean {
    return this.#up.has(pairKey(a, b));
  }

  wantLink(a: string, b: string): void {
    const key = pairKey(a, b);
    if (!this.#wanted.has(key)) {
      this.#wanted.add(key);
      for (const id of [a, b]) {
        const keys = this.#wantedBy.get(id) ?? new Set<string>();
        keys.add(key);
        this.#wantedBy.set(id, keys);
      }
    }
    this.#relinkPair(key);
  }

  /** Recomputes which links of `identifier` are up and tells both ends of every change. */
  relink(identifier: string): void {
    this.#relink(identifier);
  }

  #relink(identifier: string): void {
    for (const key of this.#wantedBy.get(identifier) ?? []) this.#relinkPair(key);
  }

  #relinkPair(key: string): void {
    const [a, b] = key.split("\n");
    const ta = this.endpoint(a);
    const tb = this.endpoint(b);
    const up = !!ta && !!tb && !ta.refuses(b) && !tb.refuses(a);
    if (up && !this.#up.has(key)) {
      this.#up.add(key);
      ta!.deliverLater(0, { type: "linkUp", identifier: b });
      tb!.deliverLater(0, { type: "linkUp", identifier: a });
    } else if (!up && this.#up.has(key)) {
      this.#up.delete(key);
      ta?.deliverLater(0, { type: "linkDown", identifier: b, reason: "connection closed" });
      tb?.deliverLater(0, { type: "linkDown", identifier: a, reason: "connection closed" });
    }
  }

  /**
   * `from` closes its connection to `to` and dials again: frames in flight are lost; `from` sees
   * the link down at once, `to` when it can hear of it (not across a cut); the new connection
   * comes up once both can reach each other, a reconnection delay later.
   */
  reset(from: string, to: string): void {
    const key = pairKey(from, to);
    if (!this.#up.has(key)) return;
    this.#up.delete(key);
    this.#generation.set(key, (this.#generation.get(key) ?? 0) + 1);
    this.endpoint(from)?.deliverLater(0, { type: "linkDown", identifier: to, reason: "connection reset" });
    if (this.reachable(from, to)) this.endpoint(to)?.deliverLater(0, { type: "linkDown", identifier: from, reason: "connection reset" });
    const redial = () => {
      if (!this.#wanted.has(key) || this.#up.has(key)) return;
      if (this.reachable(from, to)) this.#relinkPair(key);
      else this.scheduler.schedule(RECONNECT_DELAY, redial);
    };
    this.scheduler.schedule(RECONNECT_DELAY, redial);
  }

  #delay(): number {
    const { minDelay, maxDelay } = this.conditions;
    return this.rng.between(minDelay, maxDelay);
  }

  /** Frames on one link keep their order whatever the random delays. */
  sendFrame(from: MemoryTransport, to: string, payload: unknown): void {
    if (!this.linked(from.identity.identifier, to) || !this.reachable(from.identity.identifier, to)) return;
    let retransmission = 0;
    if (this.conditions.lossMode === "drop") {
      if (this.rng.chance(this.conditions.loss)) return;
    } else {
      for (let rto = this.conditions.rto; this.rng.chance(this.conditions.loss); rto *= 2) retransmission += rto;
    }
    const target = this.endpoint(to)!;
    const copy: unknown = JSON.parse(JSON.stringify(payload));
    const key = `${from.identity.identifier}\n${to}`;
    const at = Math.max(this.#lastDelivery.get(key) ?? 0, this.scheduler.now() + this.#delay() + retransmission);
    this.#lastDelivery.set(key, at);
    const queue = this.#inFlight.get(key) ?? [];
    this.#inFlight.set(key, queue);
    const pair = pairKey(from.identity.identifier, to);
    const generation = this.#generation.get(pair) ?? 0;
    queue.push({ target, sender: from.identity.identifier, event: { type: "frame", frame: { from: from.identity, address: from.address, payload: copy } }, generation });
    // One callback per frame, each taking the head of the queue: order holds even if timers tie.
    this.scheduler.schedule(at - this.scheduler.now(), () => {
      const next = queue.shift()!;
      if (next.generation === (this.#generation.get(pair) ?? 0)) next.target.dispatch(next.sender, next.event);
    });
  }

  announce(from: MemoryTransport): void {
    for (const target of this.#endpoints.values()) {
      if (target === from || target.closed || !target.multicast) continue;
      if (!this.reachable(from.identity.identifier, target.identity.identifier) || this.rng.chance(this.conditions.loss)) continue;
      target.deliverLater(this.#delay(), { type: "announce", peer: from.identity, address: from.address }, from.identity.identifier);
    }
  }
}

export class MemoryTransport implements Transport {
  closed = false;
  #listeners = new Set<(event: TransportEvent) => void>();
  #forgotten = new Set<string>();

  constructor(
    readonly network: MemoryNetwork,
    readonly identity: PeerIdentity,
    readonly address: string,
    readonly multicast: boolean,
  ) {}

  refuses(identifier: string): boolean {
    return this.#forgotten.has(identifier);
  }

  send(to: string, payload: unknown): void {
    if (this.closed || this.#forgotten.has(to)) return;
    this.network.sendFrame(this, to, payload);
  }

  /** Links to the peer (the address is implied by the identity here); lifts a `forget`. */
  connect(peer: PeerIdentity, _address: string): void {
    if (this.closed || peer.identifier === this.identity.identifier) return;
    this.#forgotten.delete(peer.identifier);
    this.network.wantLink(this.identity.identifier, peer.identifier);
  }

  /** Ends the link and refuses the peer until `connect` is called for it again. */
  forget(identifier: string): void {
    if (this.closed) return;
    this.#forgotten.add(identifier);
    this.network.relink(this.identity.identifier);
  }

  reset(identifier: string, _reason: string): void {
    if (!this.closed) this.network.reset(this.identity.identifier, identifier);
  }

  announce(): void {
    if (!this.closed) this.network.announce(this);
  }

  onEvent(listener: (event: TransportEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.network.relink(this.identity.identifier);
  }

  deliverLater(delay: number, event: TransportEvent, sender?: string): void {
    this.deliverAt(this.network.scheduler.now() + delay, sender, event);
  }

  /** Hands an event to the listeners at `at` (see dispatch). */
  deliverAt(at: number, sender: string | undefined, event: TransportEvent): void {
    this.network.scheduler.schedule(at - this.network.scheduler.now(), () => this.dispatch(sender, event));
  }

  /** Hands an event to the listeners now, unless closed, or the sender is refused or cut off. */
  dispatch(sender: string | undefined, event: TransportEvent): void {
    if (this.closed || (sender !== undefined && this.#forgotten.has(sender))) return;
    if (sender !== undefined && !this.network.reachable(sender, this.identity.identifier)) return;
    for (const listener of [...this.#listeners]) listener(event);
  }
}
