// Reads a server-sent event stream of the dashboard in the background, for tests: the text so
// far, the event names, the data of the last event of a name, and a wait on a condition with a
// deadline (woken by each chunk, never a fixed sleep).
import { expect } from "bun:test";

export interface SseStream {
  text(): string;
  /** Names of the events received, in order. */
  events(): string[];
  /** The data of the last `event` received ("" when none). */
  last(event: string): string;
  waitFor(what: string, ok: (text: string) => boolean, timeoutMs?: number): Promise<void>;
  /** Forgets what was received so far. */
  reset(): void;
  ended(): boolean;
  cancel(): Promise<void>;
}

/** `checkType`: also assert that the answer is an event stream. */
export function readSse(res: Response, checkType = true): SseStream {
  if (checkType) expect(res.headers.get("content-type")).toContain("text/event-stream");
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let done = false;
  const waker: { wake: (() => void) | null } = { wake: null };
  void (async () => {
    for (;;) {
      const chunk = await reader.read().catch(() => ({ done: true as const, value: undefined }));
      if (chunk.done) {
        done = true;
        waker.wake?.();
        return;
      }
      text += decoder.decode(chunk.value);
      waker.wake?.();
    }
  })();
  return {
    text: () => text,
    events: () => [...text.matchAll(/^event: (.*)$/gm)].map((m) => m[1]!),
    last(event) {
      const block = text.split("\n\n").filter((b) => b.startsWith(`event: ${event}\n`)).at(-1) ?? "";
      return block
        .split("\n")
        .filter((l) => l.startsWith("data: "))
        .map((l) => l.slice(6))
        .join("\n");
    },
    reset: () => {
      text = "";
    },
    ended: () => done,
    cancel: () => reader.cancel(),
    async waitFor(what, ok, timeoutMs = 2000) {
      const deadline = Date.now() + timeoutMs;
      while (!ok(text)) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`timed out waiting for ${what}; got:\n${text}`);
        await new Promise<void>((resolve) => {
          waker.wake = resolve;
          setTimeout(resolve, Math.min(left, 50));
        });
      }
    },
  };
}
