// Small read-only queries on a ClusterSnapshot shared by the model's modules: who reports a
// process, which processes and groups exist anywhere. Everything keeps the snapshot's instance
// order (declared instances first, then discovered ones), the order `*` stands for.

import type { ProcessInfo } from "../../cluster/messages.ts";
import type { ClusterSnapshot, InstanceSnapshot } from "./snapshot.ts";

/** One instance's report of a process. */
export interface Report {
  identifier: string;
  instance: InstanceSnapshot;
  info: ProcessInfo;
}

/** Every instance reporting `namespec`, in instance order. */
export function reportsOf(snapshot: ClusterSnapshot, namespec: string): Report[] {
  const reports: Report[] = [];
  for (const [identifier, instance] of snapshot.instances) {
    const info = instance.processes.get(namespec);
    if (info !== undefined) reports.push({ identifier, instance, info });
  }
  return reports;
}

/** The first report of `namespec` (program name and index are the same everywhere). */
export function firstInfo(snapshot: ClusterSnapshot, namespec: string): ProcessInfo | undefined {
  for (const instance of snapshot.instances.values()) {
    const info = instance.processes.get(namespec);
    if (info !== undefined) return info;
  }
  return undefined;
}

/** Plain code-unit order, the same on every node whatever its locale. */
export function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every namespec known anywhere, sorted; only those of group `app` when given. */
export function knownNamespecs(snapshot: ClusterSnapshot, app?: string): string[] {
  const found = new Set<string>();
  for (const instance of snapshot.instances.values()) {
    for (const [namespec, info] of instance.processes) {
      if (app === undefined || info.group === app) found.add(namespec);
    }
  }
  return [...found].sort(byText);
}

/** Every group known anywhere, sorted. */
export function knownGroups(snapshot: ClusterSnapshot): string[] {
  const found = new Set<string>();
  for (const instance of snapshot.instances.values()) {
    for (const info of instance.processes.values()) found.add(info.group);
  }
  return [...found].sort(byText);
}
