// Outgoing connections to the peers the core told us about: the first dial at once, then, after a
// failed dial or a lost link, redials spaced by capped, jittered backoff (backoff.ts). With the
// httpUpgrade option a dial goes to the peer's HTTP port and upgrades first (http-upgrade.ts).

import { connect as dialSocket } from "node:net";
import { backoffDelay } from "./backoff.ts";
import { upgradeRequest } from "./http-upgrade.ts";
import type { NetLog } from "./options.ts";
import { PeerLink, type PeerLinkHooks } from "./peer-link.ts";
import type { PeerState, TcpSettings } from "./peer-state.ts";

export class Dialer {
  readonly #o: TcpSettings;
  readonly #hooks: PeerLinkHooks;
  readonly #log: NetLog;
  #stopped = false;

  constructor(settings: TcpSettings, hooks: PeerLinkHooks, log: NetLog) {
    this.#o = settings;
    this.#hooks = hooks;
    this.#log = log;
  }

  /** Opens a connection to the peer unless it has one (up or in progress) or must not be dialled. */
  dial(state: PeerState): void {
    if (this.#stopped || state.forgotten || state.link || state.dial || !state.target || !state.identity) return;
    let port: number;
    try {
      port = state.target.port ?? state.announcedPort ?? this.#o.peerPortOf(state.identity);
    } catch (error) {
      // Nothing to retry with until the peer announces its port (notePeerPort dials then).
      return this.#log("warn", `cannot link to ${state.identifier}: no peer port known (${(error as Error).message})`);
    }
    const host = state.target.host;
    const upgrade = this.#o.httpUpgrade
      ? { request: upgradeRequest(host, port, this.#o.httpUpgrade.credentials), target: `${host}:${port}` }
      : undefined;
    const link = new PeerLink(dialSocket({ host, port }), "out", this.#hooks, this.#o.maxFrameBytes, upgrade);
    link.peer = state.identity;
    state.dial = link;
    link.deadline(this.#o.connectTimeoutMs, `no connection to ${state.target.host}:${port} within ${this.#o.connectTimeoutMs} ms`);
  }

  /** Dials again after the next backoff delay, if the peer is still wanted and unlinked. */
  redialLater(state: PeerState): void {
    if (this.#stopped || state.forgotten || !state.target || state.link || state.dial || state.timer) return;
    const delay = backoffDelay(state.attempts, { minMs: this.#o.reconnectMinMs, maxMs: this.#o.reconnectMaxMs }, this.#o.random);
    state.attempts += 1;
    state.timer = setTimeout(() => {
      state.timer = undefined;
      this.dial(state);
    }, delay);
  }

  /** Dials at once, forgetting earlier failures (the core just told us where the peer is). */
  dialNow(state: PeerState): void {
    this.cancel(state);
    state.attempts = 0;
    this.dial(state);
  }

  cancel(state: PeerState): void {
    if (state.timer) clearTimeout(state.timer);
    state.timer = undefined;
  }

  stop(): void {
    this.#stopped = true;
  }
}
