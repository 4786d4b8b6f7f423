// Waiting on a condition of the outside world (a process gone from /proc) with a deadline.
// Only for states nothing notifies us about; everything inside the daemon is event-driven.

export function waitUntil(check: () => boolean, timeoutMs: number, everyMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve) => {
    const probe = () => {
      if (check()) return resolve(true);
      if (Date.now() >= deadline) return resolve(false);
      setTimeout(probe, everyMs);
    };
    probe();
  });
}
