// The one way tests wait: poll a condition until it holds, with a deadline, never a bare sleep.
// A check may be async and may throw while the condition is not yet reachable (a server still
// starting); the last error is reported when the deadline passes.

/**
 * Resolves with the first truthy value `check` returns; rejects naming `what` after `timeoutMs`.
 * @example await waitFor("daemon answers", async () => (await fetch(url)).ok, 10_000)
 */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 5000,
  everyMs = 5,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const cause = lastError ? `: ${lastError instanceof Error ? lastError.message : String(lastError)}` : "";
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    // Yield to the event loop (pipes, exits, timers, sockets) before checking again.
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
