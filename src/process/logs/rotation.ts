// The pure part of log rotation: when to roll over and which renames to do, following
// supervisord's RotatingFileHandler (CFG-SD-02/03, CFG-PG-18/19).

/**
 * supervisord writes each chunk whole and only then checks the size: it rolls over as soon as the
 * file has reached `maxbytes`, so a file may end up larger than `maxbytes` by part of one chunk,
 * and chunks are never split across two files. `maxbytes` 0 (or less) means never.
 * @example shouldRotate(100, 100) // true
 * @example shouldRotate(99, 100)  // false
 */
export function shouldRotate(size: number, maxbytes: number): boolean {
  return maxbytes > 0 && size >= maxbytes;
}

/** One rename of a rollover; `ifExists` says the source is skipped (not an error) when absent. */
export interface RotationStep {
  from: string;
  to: string;
  /** supervisord tests the numbered backups for existence but renames the live file blindly. */
  ifExists: boolean;
}

/**
 * The renames of one rollover, in order: `path.(N-1)` → `path.N`, …, `path.1` → `path.2`, then
 * `path` → `path.1`. Each target is removed first if present. With `backups` 0 there is nothing
 * to rename: the live file is simply truncated. Backups numbered above N are left alone.
 * @example rotationSteps("/l/a.log", 2)
 *   // [{from:"/l/a.log.1",to:"/l/a.log.2",ifExists:true},{from:"/l/a.log",to:"/l/a.log.1",ifExists:false}]
 */
export function rotationSteps(path: string, backups: number): RotationStep[] {
  if (backups <= 0) return [];
  const steps: RotationStep[] = [];
  for (let i = backups - 1; i >= 1; i--) {
    steps.push({ from: `${path}.${i}`, to: `${path}.${i + 1}`, ifExists: true });
  }
  steps.push({ from: path, to: `${path}.1`, ifExists: false });
  return steps;
}
