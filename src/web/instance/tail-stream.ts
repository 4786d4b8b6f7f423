// The live `tail -f` stream of the tail pages: server-sent events carrying what the shared log
// follower (process/logs/log-follower.ts, the one the HTTP /logtail streams use) reads from the
// file: `append` with the text appended, `reset` (empty) when the file got shorter or was replaced,
// after which the file's text arrives again from its start as `append` events.

import { LogFollower, type FollowStart } from "../../process/logs/index.ts";
import { sseMessage } from "../live.ts";

/** Chunks the stream holds for a slow browser before the follower pauses. */
const QUEUED_CHUNKS = 16;

/**
 * Opens `path` and returns its event stream, started at `start` and polled every `pollMs`; an
 * abort of `signal` (the dashboard closing) ends the stream and releases the file.
 * Rejects (ENOENT…) when the file cannot be opened.
 * @example new Response(await followStream("/var/log/web.log", { back: 1024 }, 100), { headers: { "Content-Type": "text/event-stream" } })
 */
export async function followStream(path: string, start: FollowStart, pollMs: number, signal?: AbortSignal): Promise<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  // A multi-byte character cut by a read is completed by the next one (stream: true).
  let decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  let controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  let closed = false;
  /** Stops following; the listener on `signal` goes too, so no closed page stays referenced. */
  const stop = () => {
    closed = true;
    follower.stop();
    signal?.removeEventListener("abort", abort);
  };
  /** The dashboard is closing: the browser sees the end of the stream. */
  const abort = () => {
    if (closed) return;
    stop();
    try {
      controller?.close();
    } catch {
      // Already closed by the browser.
    }
  };
  /** Queues an event; false when the browser is behind (pause) or gone. */
  const send = (event: string): boolean => {
    if (closed || controller === null) return false;
    try {
      controller.enqueue(encoder.encode(event));
    } catch {
      stop();
      return false;
    }
    return (controller.desiredSize ?? 0) > 0;
  };
  const follower = await LogFollower.open(
    path,
    start,
    {
      data: (bytes) => {
        const text = decoder.decode(bytes, { stream: true });
        return text === "" ? true : send(sseMessage("append", text));
      },
      restart: () => {
        decoder = new TextDecoder("utf-8", { ignoreBOM: true });
        send(sseMessage("reset", ""));
      },
    },
    pollMs,
  );
  const stream = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
        c.enqueue(encoder.encode("retry: 2000\n\n"));
      },
      // The browser took some events: a paused follower carries on.
      pull() {
        follower.resume();
      },
      cancel() {
        stop();
      },
    },
    { highWaterMark: QUEUED_CHUNKS },
  );
  if (signal?.aborted) abort();
  else signal?.addEventListener("abort", abort, { once: true });
  follower.begin();
  return stream;
}
