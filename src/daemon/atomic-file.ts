// Writes a file so that a reader (or a restart after a crash) sees either the old or the new
// content, never a half-written one: write a temporary sibling, fsync, rename over.

import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from "node:fs";

/** `durable: false` skips the fsync where only a crash of this process, not of the machine, matters. */
export function writeFileAtomic(path: string, content: string, opts: { durable?: boolean } = {}): void {
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, "w", 0o644);
  try {
    writeSync(fd, content);
    if (opts.durable !== false) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, path);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // The temporary file is already gone: nothing to clean.
    }
    throw err;
  }
}
