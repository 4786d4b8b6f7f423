// diffConfigs: which process groups a reload adds, changes or removes, as `supervisor.reloadConfig`
// reports them. A group changes when its priority or any of its processes differs (same processes
// in the same order), or, for a listener pool, its events, buffer_size or result_handler. Process
// comparison follows supervisord: the child environment compared is the merged one
// (`[supervisord] environment` then the program's), the user is compared by uid, and a log file
// that is AUTO on either side is not compared at all.
//
// Example: diffConfigs(before, after) → { added: ["new"], changed: ["web"], removed: [] }

import type { GroupConfig, LogChannelConfig, ProcessConfig, SupervisordConfig } from "./model.ts";

function sameEnv(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && a[k] === b[k]);
}

function sameChannel(a: LogChannelConfig, b: LogChannelConfig): boolean {
  const logfileSkipped = a.logfile.kind === "auto" || b.logfile.kind === "auto";
  const sameLogfile =
    logfileSkipped ||
    (a.logfile.kind === b.logfile.kind &&
      (a.logfile.kind !== "file" || (b.logfile.kind === "file" && a.logfile.path === b.logfile.path)));
  return (
    sameLogfile &&
    a.maxbytes === b.maxbytes &&
    a.backups === b.backups &&
    a.captureMaxbytes === b.captureMaxbytes &&
    a.eventsEnabled === b.eventsEnabled &&
    a.syslog === b.syslog
  );
}

function userKey(p: ProcessConfig): string | number | null {
  return p.uid ?? p.user;
}

/** Equality of two processes as supervisord's ProcessConfig.__eq__ sees it. */
export function sameProcess(
  a: ProcessConfig,
  aServerEnv: Record<string, string>,
  b: ProcessConfig,
  bServerEnv: Record<string, string>,
): boolean {
  return (
    a.name === b.name &&
    userKey(a) === userKey(b) &&
    a.command === b.command &&
    a.directory === b.directory &&
    a.umask === b.umask &&
    a.priority === b.priority &&
    a.autostart === b.autostart &&
    a.autorestart === b.autorestart &&
    a.startsecs === b.startsecs &&
    a.startretries === b.startretries &&
    a.stopsignal === b.stopsignal &&
    a.stopwaitsecs === b.stopwaitsecs &&
    a.stopasgroup === b.stopasgroup &&
    a.killasgroup === b.killasgroup &&
    a.redirectStderr === b.redirectStderr &&
    a.serverurl === b.serverurl &&
    a.exitcodes.length === b.exitcodes.length &&
    a.exitcodes.every((c, i) => c === b.exitcodes[i]) &&
    sameChannel(a.stdout, b.stdout) &&
    sameChannel(a.stderr, b.stderr) &&
    sameEnv({ ...aServerEnv, ...a.environment }, { ...bServerEnv, ...b.environment })
  );
}

/** Listener pool options (EventListenerPoolConfig.__eq__); a pool never equals a program group. */
function sameListener(a: GroupConfig, b: GroupConfig): boolean {
  const [x, y] = [a.listener ?? null, b.listener ?? null];
  if (x === null || y === null) return x === y;
  return (
    x.bufferSize === y.bufferSize &&
    x.resultHandler === y.resultHandler &&
    x.events.length === y.events.length &&
    x.events.every((e) => y.events.includes(e))
  );
}

function sameGroup(a: GroupConfig, aEnv: Record<string, string>, b: GroupConfig, bEnv: Record<string, string>): boolean {
  return (
    a.name === b.name &&
    sameListener(a, b) &&
    // FastCGIGroupConfig compares its socket by URL only (a new socket_mode alone changes nothing).
    (a.fcgiSocket?.url ?? null) === (b.fcgiSocket?.url ?? null) &&
    a.priority === b.priority &&
    a.processes.length === b.processes.length &&
    a.processes.every((p, i) => sameProcess(p, aEnv, b.processes[i] as ProcessConfig, bEnv))
  );
}

const byCodePoint = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

/** Group names added, changed and removed going from `previous` to `next`, each list sorted. */
export function diffConfigs(
  previous: SupervisordConfig,
  next: SupervisordConfig,
): { added: string[]; changed: string[]; removed: string[] } {
  const before = new Map(previous.groups.map((g) => [g.name, g]));
  const after = new Map(next.groups.map((g) => [g.name, g]));
  const added: string[] = [];
  const changed: string[] = [];
  for (const [name, group] of after) {
    const old = before.get(name);
    if (!old) added.push(name);
    else if (!sameGroup(old, previous.server.environment, group, next.server.environment)) changed.push(name);
  }
  const removed = [...before.keys()].filter((name) => !after.has(name));
  return { added: added.sort(byCodePoint), changed: changed.sort(byCodePoint), removed: removed.sort(byCodePoint) };
}
