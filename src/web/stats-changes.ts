// Change notifications for pages that show statistics: new figures arrive once per collecting
// period without a change notification, so while such a page is open its stream also looks once
// per period (only regions that differ are sent).

import type { DashboardDeps } from "./deps.ts";

/** `deps.onChange` plus a look every collecting period; returns the unsubscribe function. */
export function onChangeOrFigures(deps: DashboardDeps, listener: () => void): () => void {
  const unsubscribe = deps.onChange(listener);
  const timer = setInterval(listener, Math.max(50, deps.stats.status().collectingPeriod * 1000));
  return () => {
    unsubscribe();
    clearInterval(timer);
  };
}
