// The event streams of open Supervisor pages. The page's data comes from the daemon's XML-RPC
// listings (asynchronous), so this is a small hub of its own beside the main one: on a change
// notification (at most once per `intervalMs`) each distinct view (same parameters, same browser
// host) is rendered once, and each client receives only the regions that differ from what it
// last got. It listens to changes only while a page is open. Pushes run one after the other: a
// rendering awaits the daemon, so two pushes side by side could finish out of order and leave a
// page on the older of two renderings (what the client last got would then be the older one, and
// nothing would be sent again until the next change).

import { sseMessage } from "../live.ts";

/** Renders the live regions (event name → inner HTML) of one view. */
export type RegionRenderer = () => Promise<Map<string, string>>;

interface Client {
  key: string;
  render: RegionRenderer;
  last: Map<string, string>;
  send(text: string): void;
  close(): void;
}

export interface InstanceLiveOptions {
  /** Subscribes to change notifications; returns the unsubscribe function. */
  onChange(listener: () => void): () => void;
  /** Shortest time between two pushes; default 100 ms, as the main pages. */
  intervalMs?: number;
}

export class InstanceLive {
  readonly #o: InstanceLiveOptions;
  readonly #clients = new Set<Client>();
  readonly #encoder = new TextEncoder();
  #unsubscribe: (() => void) | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #lastPush = 0;
  /** The push in progress (or the last one): the next push starts once it has ended. */
  #queue: Promise<void> = Promise.resolve();
  /** A push is queued or rendering: a change meanwhile schedules another one after it. */
  #pushing = 0;
  #again = false;

  constructor(o: InstanceLiveOptions) {
    this.#o = o;
  }

  get clientCount(): number {
    return this.#clients.size;
  }

  /** A new stream for one view (`key` groups identical views); every region is sent at once. */
  connect(key: string, render: RegionRenderer): ReadableStream<Uint8Array> {
    let client: Client | null = null;
    return new ReadableStream<Uint8Array>({
      start: (controller) => {
        client = { key, render, last: new Map(), send: (text) => controller.enqueue(this.#encoder.encode(text)), close: () => controller.close() };
        this.#clients.add(client);
        if (this.#unsubscribe === null) this.#unsubscribe = this.#o.onChange(() => this.notify());
        client.send("retry: 1000\n\n");
        this.#enqueue([client]);
      },
      cancel: () => {
        if (client !== null) this.#drop(client);
      },
    });
  }

  /** A change happened: push soon, at most once per interval. */
  notify(): void {
    if (this.#clients.size === 0) return;
    if (this.#pushing > 0) {
      this.#again = true;
      return;
    }
    if (this.#timer !== null) return;
    const wait = Math.max(0, this.#lastPush + (this.#o.intervalMs ?? 100) - Date.now());
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#lastPush = Date.now();
      this.#enqueue([...this.#clients]);
    }, wait);
  }

  /** Ends every stream and stops listening (daemon stopping). */
  close(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    for (const client of this.#clients) {
      try {
        client.close();
      } catch {
        // Already closed by the browser.
      }
    }
    this.#clients.clear();
  }

  /** Runs a push for `clients` after the one in progress. */
  #enqueue(clients: Client[]): void {
    this.#pushing += 1;
    this.#queue = this.#queue
      .then(() => this.#push(clients))
      // #push catches what it expects; anything else must not stop the pushes queued after it.
      .catch(() => undefined)
      .finally(() => {
        this.#pushing -= 1;
        if (this.#pushing === 0 && this.#again) {
          this.#again = false;
          this.notify();
        }
      });
  }

  #drop(client: Client): void {
    this.#clients.delete(client);
    if (this.#clients.size === 0) {
      this.#unsubscribe?.();
      this.#unsubscribe = null;
    }
  }

  async #push(clients: Client[]): Promise<void> {
    const renders = new Map<string, Promise<Map<string, string>>>();
    for (const client of clients) {
      // Closed meanwhile (its push was queued behind another one).
      if (!this.#clients.has(client)) continue;
      let render = renders.get(client.key);
      if (render === undefined) {
        render = rendering(client.render);
        renders.set(client.key, render);
      }
      let regions: Map<string, string>;
      try {
        regions = await render;
      } catch {
        // A failed rendering leaves the page as it is until the next change.
        continue;
      }
      let out = "";
      for (const [name, html] of regions) {
        if (client.last.get(name) === html) continue;
        client.last.set(name, html);
        out += sseMessage(name, html);
      }
      if (out === "") continue;
      try {
        client.send(out);
      } catch {
        this.#drop(client);
      }
    }
  }
}

/** The renderer's promise; a renderer that throws at once counts as a failed rendering. */
function rendering(render: RegionRenderer): Promise<Map<string, string>> {
  try {
    return render();
  } catch (error) {
    return Promise.reject(error);
  }
}
