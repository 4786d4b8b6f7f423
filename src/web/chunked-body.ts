// A response body made of pieces rendered one per turn of the event loop: the first at once, each
// next one only after a setImmediate, so that a big page (a thousand-process application) lets
// timers, heartbeats and other requests run between its slices instead of holding the loop.

const encoder = new TextEncoder();

/**
 * @example new Response(chunkedBody(applicationPageChunks(setup, deps, r, 50)), { headers })
 */
export function chunkedBody(pieces: Iterable<string>, later: (fn: () => void) => void = (fn) => void setImmediate(fn)): ReadableStream<Uint8Array> {
  const iterator = pieces[Symbol.iterator]();
  let first = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!first) await new Promise<void>((resolve) => later(resolve));
      first = false;
      const next = iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    cancel() {
      iterator.return?.();
    },
  });
}
