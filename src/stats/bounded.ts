// A bounded history: appending past the depth drops the oldest values (stats_histo, CFG-SV-26).
// Kept as one helper so every series of the compilers trims the same way.

/**
 * Appends `value` and drops the oldest entries beyond `depth`.
 * @example const s = [1, 2]; pushBounded(s, 3, 2); // s is [2, 3]
 */
export function pushBounded(series: number[], value: number, depth: number): void {
  series.push(value);
  const excess = series.length - depth;
  if (excess > 0) series.splice(0, excess);
}
