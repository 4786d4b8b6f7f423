// `flotilla check -c FILE`: a readable listing of what a configuration resolves to — files read,
// HTTP servers, plugins, each group with its processes and their effective options — followed by
// the warnings. Pure: takes a loaded SupervisordConfig, returns text.
//
// Example: console.log(renderCheckReport(loadConfig("supervisord.conf")))

import { SECRET_OPTIONS } from "../config/section.ts";
import type {
  GroupConfig,
  HttpServerConfig,
  LogChannelConfig,
  LogTarget,
  PluginSection,
  ProcessConfig,
  SupervisordConfig,
} from "../config/model.ts";
import { signalDescription } from "../config/signals.ts";
import { formatByteSize } from "../config/datatypes.ts";


/** 18 → "022", 448 → "0700": the way umask and chmod are written in config files. */
function octal(n: number): string {
  const digits = n.toString(8).padStart(3, "0");
  return digits.startsWith("0") ? digits : "0" + digits;
}

function target(t: LogTarget): string {
  switch (t.kind) {
    case "auto":
      return "AUTO";
    case "none":
      return "NONE";
    case "syslog":
      return "syslog";
    case "file":
      return t.path;
  }
}

function channel(name: string, c: LogChannelConfig): string {
  const parts = [target(c.logfile)];
  if (c.logfile.kind !== "none") parts.push(`maxbytes ${formatByteSize(c.maxbytes)}`, `backups ${c.backups}`);
  if (c.syslog) parts.push("syslog");
  if (c.captureMaxbytes) parts.push(`capture ${formatByteSize(c.captureMaxbytes)}`);
  if (c.eventsEnabled) parts.push("events");
  return `${name.padEnd(14)}${parts.join(", ")}`;
}

function server(s: HttpServerConfig): string {
  const auth = s.username === null ? "no authentication" : `user '${s.username}'`;
  const at = `${s.source.file}:${s.source.line}`;
  if (s.kind === "inet") return `  inet  ${s.host || "*"}:${s.port} (${auth}) [${at}]`;
  const owner = s.chown === null ? "" : `, chown ${s.chown.uid}:${s.chown.gid}`;
  return `  unix  ${s.file} (chmod ${octal(s.chmod)}${owner}, ${auth}) [${at}]`;
}

function plugin(kind: string, p: PluginSection): string[] {
  const lines = [`  [${kind}:${p.name}] ${p.factory}`];
  for (const [k, v] of Object.entries(p.options)) lines.push(`      ${k} = ${SECRET_OPTIONS.has(k) ? "(set)" : v}`);
  return lines;
}

function processLines(groupName: string, p: ProcessConfig): string[] {
  const namespec = groupName === p.name ? p.name : `${groupName}:${p.name}`;
  const row = (label: string, value: string | number | boolean): string => `      ${label.padEnd(14)}${value}`;
  const lines = [
    `    ${namespec}  (program ${p.programName}, priority ${p.priority})`,
    row("command", p.command),
    row("autostart", p.autostart),
    row("autorestart", p.autorestart),
    row("exitcodes", p.exitcodes.join(",")),
    row("startsecs", p.startsecs),
    row("startretries", p.startretries),
    row("stopsignal", signalDescription(p.stopsignal).replace(/^SIG/, "")),
    row("stopwaitsecs", p.stopwaitsecs),
  ];
  if (p.stopasgroup || p.killasgroup) lines.push(row("as group", `stop ${p.stopasgroup}, kill ${p.killasgroup}`));
  lines.push("      " + channel("stdout log", p.stdout));
  lines.push(p.redirectStderr ? row("stderr log", "redirected to stdout") : "      " + channel("stderr log", p.stderr));
  lines.push(row("user", p.user === null ? "(supervisord's)" : p.uid == null ? p.user : `${p.user} (uid ${p.uid})`));
  lines.push(row("directory", p.directory ?? "(supervisord's)"));
  if (p.umask !== null) lines.push(row("umask", octal(p.umask)));
  const env = Object.entries(p.environment);
  if (env.length > 0) lines.push(row("environment", env.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(" ")));
  if (p.serverurl !== "AUTO") lines.push(row("serverurl", p.serverurl));
  return lines;
}

function groupLines(g: GroupConfig): string[] {
  const count = g.processes.length === 1 ? "1 process" : `${g.processes.length} processes`;
  const kind = g.listener ? "event listener pool, " : "";
  const lines = [`  ${g.name}  (${kind}priority ${g.priority}, ${count}) [${g.source.file}:${g.source.line}]`];
  if (g.listener) {
    lines.push(`    events        ${g.listener.events.join(", ")}`, `    buffer_size   ${g.listener.bufferSize}`);
  }
  for (const p of g.processes) lines.push(...processLines(g.name, p));
  return lines;
}

/** The text `flotilla check` prints for a loaded configuration. */
export function renderCheckReport(config: SupervisordConfig): string {
  const s = config.server;
  const out: string[] = [`Configuration file: ${config.file}`];
  for (const f of config.includedFiles ?? []) out.push(`  included: ${f}`);
  out.push(
    "",
    "supervisord:",
    `  logfile       ${s.logfile} (maxbytes ${formatByteSize(s.logfileMaxbytes)}, backups ${s.logfileBackups}, loglevel ${s.loglevel})`,
    `  pidfile       ${s.pidfile}`,
    `  childlogdir   ${s.childlogdir}`,
    `  identifier    ${s.identifier}`,
    `  umask         ${octal(s.umask)}`,
    `  nodaemon      ${s.nodaemon}`,
  );
  if (s.user !== null) out.push(`  user          ${s.user}`);
  if (s.directory !== null) out.push(`  directory     ${s.directory}`);
  const senv = Object.entries(s.environment);
  if (senv.length > 0) out.push(`  environment   ${senv.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(" ")}`);

  out.push("", "HTTP servers:");
  const servers = [config.inetServer, config.unixServer].filter((x): x is HttpServerConfig => x !== null);
  if (servers.length === 0) out.push("  (none: supervisorctl and the API cannot reach this supervisord)");
  for (const sv of servers) out.push(server(sv));

  if (config.rpcInterfaces.length + config.ctlPlugins.length > 0) {
    out.push("", "Plugins:");
    for (const p of config.rpcInterfaces) out.push(...plugin("rpcinterface", p));
    for (const p of config.ctlPlugins) out.push(...plugin("ctlplugin", p));
  }

  const total = config.groups.reduce((n, g) => n + g.processes.length, 0);
  out.push("", `Groups: ${config.groups.length}, processes: ${total}`);
  for (const g of config.groups) out.push(...groupLines(g));

  out.push("", config.warnings.length === 0 ? "Warnings: none" : `Warnings (${config.warnings.length}):`);
  for (const w of config.warnings) out.push(`  - ${w}`);
  return out.join("\n") + "\n";
}
