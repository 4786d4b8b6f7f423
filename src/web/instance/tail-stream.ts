// The live `tail -f` stream of the tail pages: server-sent events carrying what a TailCursor
// finds appended (`append`) or a restarted log (`reset`), polled every `pollMs` while the browser
// listens, as the HTTP layer's /logtail follower polls its file.

import { sseMessage } from "../live.ts";
import type { TailCursor } from "./tail-source.ts";

export interface FollowOptions {
  /** Time between two reads of the log; default 500 ms. */
  pollMs?: number;
}

/**
 * @example new Response(followStream(new ProcessTailCursor(deps.rpc, "web:app", null, 1024)), { headers: { "Content-Type": "text/event-stream" } })
 */
export function followStream(cursor: TailCursor, options: FollowOptions = {}): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const pollMs = options.pollMs ?? 500;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode("retry: 2000\n\n"));
      const tick = async () => {
        timer = null;
        if (stopped) return;
        let out = "";
        try {
          const step = await cursor.step();
          if (step.reset) out = sseMessage("reset", step.text);
          else if (step.text !== "") out = sseMessage("append", step.text);
        } catch (error) {
          // The daemon refused a read (log gone, shutting down): say so, keep trying.
          out = `: ${String(error instanceof Error ? error.message : error).replace(/[\r\n]+/g, " ")}\n\n`;
        }
        if (stopped) return;
        try {
          if (out !== "") controller.enqueue(encoder.encode(out));
        } catch {
          stopped = true;
          return;
        }
        timer = setTimeout(tick, pollMs);
      };
      void tick();
    },
    cancel() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
    },
  });
}
