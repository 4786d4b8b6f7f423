// The server-sent event streams of open pages. On every change notification (at most once per
// `intervalMs`, so a burst of publications costs one render) each distinct (page, host) is
// rendered once, compared region by region with what each client last received, and only the
// regions that changed are sent as `event: <region>` with the inner HTML as data — never a whole
// page. A new client first receives every region, so a page is never stale after a missed change.
// A rendering that throws skips that push for the clients of that view (their page stays as it is
// and the next change tries again): the streams stay open and the hub keeps running — a throw in
// its timer would otherwise end the daemon.

import type { PageName } from "./fragments.ts";

export interface LiveRender {
  regions: Map<string, string>;
  /** Identifies the card layout (main page); a change sends the whole `cards` region. */
  cardsSignature: string;
  cards(): string;
}

export interface LiveOptions {
  render(page: PageName, host: string): LiveRender;
  /** Shortest time between two pushes; default 100 ms (at most 10 per second: a render of a 1 000-process page costs ~4 ms). */
  intervalMs?: number;
  /** Comment line sent to keep idle connections open; default every 15 s. */
  keepAliveMs?: number;
}

interface Client {
  page: PageName;
  host: string;
  send(text: string): void;
  close(): void;
  last: Map<string, string>;
  cardsSignature: string | null;
}

/** One SSE message; every line of the data gets its own `data:` field. */
export function sseMessage(event: string, data: string): string {
  return `event: ${event}\n${data
    .split(/\r\n|\r|\n/)
    .map((line) => `data: ${line}\n`)
    .join("")}\n`;
}

export class LiveHub {
  readonly #o: LiveOptions;
  readonly #clients = new Set<Client>();
  readonly #encoder = new TextEncoder();
  #timer: ReturnType<typeof setTimeout> | null = null;
  #keepAlive: ReturnType<typeof setInterval> | null = null;
  #lastPush = 0;

  constructor(o: LiveOptions) {
    this.#o = o;
  }

  get clientCount(): number {
    return this.#clients.size;
  }

  /** A new stream for one page; everything is pushed to it at once. */
  connect(page: PageName, host: string): ReadableStream<Uint8Array> {
    let client: Client | null = null;
    return new ReadableStream<Uint8Array>({
      start: (controller) => {
        client = {
          page,
          host,
          last: new Map(),
          cardsSignature: null,
          send: (text) => controller.enqueue(this.#encoder.encode(text)),
          close: () => controller.close(),
        };
        this.#clients.add(client);
        this.#startKeepAlive();
        // Tells EventSource how long to wait before reconnecting after a daemon restart.
        client.send("retry: 1000\n\n");
        this.#push([client]);
      },
      cancel: () => {
        if (client !== null) this.#clients.delete(client);
      },
    });
  }

  /** A change happened: push soon, at most once per interval. */
  notify(): void {
    if (this.#timer !== null || this.#clients.size === 0) return;
    const interval = this.#o.intervalMs ?? 100;
    const wait = Math.max(0, this.#lastPush + interval - Date.now());
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#lastPush = Date.now();
      this.#push([...this.#clients]);
    }, wait);
  }

  /** Ends every stream (daemon stopping). */
  close(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    if (this.#keepAlive !== null) clearInterval(this.#keepAlive);
    this.#timer = null;
    this.#keepAlive = null;
    for (const client of this.#clients) {
      try {
        client.close();
      } catch {
        // Already closed by the browser.
      }
    }
    this.#clients.clear();
  }

  #startKeepAlive(): void {
    if (this.#keepAlive !== null) return;
    this.#keepAlive = setInterval(() => {
      if (this.#clients.size === 0) return;
      for (const client of [...this.#clients]) this.#safeSend(client, ": keep-alive\n\n");
    }, this.#o.keepAliveMs ?? 15_000);
    this.#keepAlive.unref?.();
  }

  #safeSend(client: Client, text: string): void {
    try {
      client.send(text);
    } catch {
      // The stream is gone (browser closed without a cancel reaching us).
      this.#clients.delete(client);
    }
  }

  #push(clients: Client[]): void {
    const renders = new Map<string, LiveRender | null>();
    const cardsHtml = new Map<string, string | null>();
    for (const client of clients) {
      const key = `${client.page}\n${client.host}`;
      let render = renders.get(key);
      if (render === undefined) {
        render = attempt(() => this.#o.render(client.page, client.host));
        renders.set(key, render);
      }
      if (render === null) continue;
      let out = "";
      if (client.page === "index" && client.cardsSignature !== render.cardsSignature) {
        // The instance list changed: the card regions themselves are new.
        if (client.cardsSignature !== null) {
          const view = render;
          if (!cardsHtml.has(key)) cardsHtml.set(key, attempt(() => view.cards()));
          const cards = cardsHtml.get(key) ?? null;
          if (cards === null) continue;
          out += sseMessage("cards", cards);
        }
        client.cardsSignature = render.cardsSignature;
        for (const name of [...client.last.keys()]) if (name.startsWith("card-")) client.last.delete(name);
        if (out !== "") for (const [name, html] of render.regions) if (name.startsWith("card-")) client.last.set(name, html);
      }
      for (const [name, html] of render.regions) {
        if (client.last.get(name) === html) continue;
        client.last.set(name, html);
        out += sseMessage(name, html);
      }
      if (out !== "") this.#safeSend(client, out);
    }
  }
}

/** `fn()`, or null when it throws: a view that cannot be rendered now is skipped until the next change. */
function attempt<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch {
    return null;
  }
}
