// The file-system reads the samplers need, behind one small interface so tests can hand them
// fixed /proc contents. The real adapter never throws: an unreadable file (process gone, no
// permission) reads as null, which each sampler treats as "no figure this time".

import * as fs from "node:fs";

export interface FsUsage {
  bsize: number;
  blocks: number;
  bfree: number;
  bavail: number;
}

export interface ProcFiles {
  /** The whole text of a file, or null when it cannot be read. */
  read(path: string): string | null;
  /** Entry names of a directory, or [] when it cannot be listed. */
  list(dir: string): string[];
  /** statfs of a mount point, or null when it fails. */
  statfs(path: string): FsUsage | null;
}

/** The real files of this machine. */
export function systemProcFiles(): ProcFiles {
  return {
    read(path) {
      try {
        return fs.readFileSync(path, "latin1");
      } catch {
        return null;
      }
    },
    list(dir) {
      try {
        return fs.readdirSync(dir);
      } catch {
        return [];
      }
    },
    statfs(path) {
      try {
        const s = fs.statfsSync(path);
        return { bsize: Number(s.bsize), blocks: Number(s.blocks), bfree: Number(s.bfree), bavail: Number(s.bavail) };
      } catch {
        return null;
      }
    },
  };
}

/** A fixed set of files for tests: `files` by path, directories derived from the paths. */
export function fixedProcFiles(files: Record<string, string>, usage: Record<string, FsUsage> = {}): ProcFiles {
  return {
    read: (path) => files[path] ?? null,
    list(dir) {
      const prefix = dir.endsWith("/") ? dir : `${dir}/`;
      const names = new Set<string>();
      for (const path of Object.keys(files)) {
        if (path.startsWith(prefix)) names.add(path.slice(prefix.length).split("/")[0]!);
      }
      return [...names];
    },
    statfs: (path) => usage[path] ?? null,
  };
}
