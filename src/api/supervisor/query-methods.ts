// supervisor.* methods that describe processes and their configuration (RPC-SUP-22..24).

import type { RpcMethod } from "../registry.ts";
import type { XmlRpcValue } from "../xmlrpc/value.ts";
import type { LogChannelConfig, ProcessConfig } from "../../config/model.ts";
import { lookupUser } from "../../process/users.ts";
import type { SupervisorApiDeps } from "./deps.ts";
import type { ProcessEntry } from "../../supervisor/process-entry.ts";

export function queryMethods({ sup }: SupervisorApiDeps): RpcMethod[] {
  return [
    {
      name: "supervisor.getProcessInfo",
      params: [{ name: "name", type: "string" }],
      returns: "struct",
      help: "Describe one process.\n@param string name process name (or group:name)\n@return struct process info",
      call: ([name]) => sup.process(name as string).info(sup.clock.now()),
    },
    {
      name: "supervisor.getAllProcessInfo",
      params: [],
      returns: "array",
      help: "Describe every process, in lexical order of group and name.\n@return array process info structs",
      call: () => {
        const now = sup.clock.now();
        return sup.lexicalEntries().map((e) => e.info(now));
      },
    },
    {
      name: "supervisor.getAllConfigInfo",
      params: [],
      returns: "array",
      help: "Describe the configuration of every configured process, sorted by name.\n@return array config structs",
      call: () => {
        const rows: { [key: string]: XmlRpcValue }[] = [];
        for (const group of sup.configured()) {
          const active = sup.group(group.name);
          for (const proc of group.processes) {
            const entry = active?.find(proc.name);
            rows.push(configInfo(proc, group.name, group.priority, entry));
          }
        }
        return rows.sort((a, b) => ((a.name as string) < (b.name as string) ? -1 : a.name === b.name ? 0 : 1));
      },
    },
  ];
}

/** Supervisor renders values XML-RPC cannot carry: None as "none", AUTO as "auto". */
function configInfo(
  p: ProcessConfig,
  group: string,
  groupPriority: number,
  entry: ProcessEntry | undefined,
): { [key: string]: XmlRpcValue } {
  const logfile = (channel: "stdout" | "stderr", cfg: LogChannelConfig): string => {
    if (entry) return entry.logPath(channel) ?? "none";
    if (cfg.logfile.kind === "file") return cfg.logfile.path;
    if (cfg.logfile.kind === "auto") return "auto";
    return "none";
  };
  return {
    autostart: p.autostart,
    directory: p.directory ?? "none",
    uid: userId(p.user),
    command: p.command,
    exitcodes: [...p.exitcodes],
    group,
    group_prio: groupPriority,
    inuse: entry !== undefined,
    killasgroup: p.killasgroup,
    name: p.name,
    process_prio: p.priority,
    redirect_stderr: p.redirectStderr,
    startretries: p.startretries,
    startsecs: p.startsecs,
    stdout_capture_maxbytes: p.stdout.captureMaxbytes,
    stdout_events_enabled: p.stdout.eventsEnabled,
    stdout_logfile: logfile("stdout", p.stdout),
    stdout_logfile_backups: p.stdout.backups,
    stdout_logfile_maxbytes: p.stdout.maxbytes,
    stdout_syslog: p.stdout.syslog,
    stopsignal: p.stopsignal,
    stopwaitsecs: p.stopwaitsecs,
    stderr_capture_maxbytes: p.stderr.captureMaxbytes,
    stderr_events_enabled: p.stderr.eventsEnabled,
    stderr_logfile: p.redirectStderr ? "none" : logfile("stderr", p.stderr),
    stderr_logfile_backups: p.stderr.backups,
    stderr_logfile_maxbytes: p.stderr.maxbytes,
    stderr_syslog: p.stderr.syslog,
    serverurl: p.serverurl.toUpperCase() === "AUTO" ? "none" : p.serverurl,
  };
}

function userId(user: string | null): number | string {
  if (user === null) return "none";
  const found = lookupUser(user);
  return typeof found === "string" ? "none" : found.uid;
}
