// The typed configuration a supervisord.conf resolves to. Every other layer reads these types;
// only src/config builds them. Values are already expanded (%(x)s), converted and validated.

/** Where a value came from, so that errors and `flotilla check` can point at it. */
export interface SourceRef {
  file: string;
  line: number;
}

/** Log levels with supervisord's numbers (CFG-GEN-05). */
export const LogLevels = {
  critical: 50,
  error: 40,
  warn: 30,
  info: 20,
  debug: 10,
  trace: 5,
  blather: 3,
} as const;
export type LogLevelName = keyof typeof LogLevels;

/** A log destination as written in the file: AUTO, NONE, syslog or a path (CFG-PG-17). */
export type LogTarget =
  | { kind: "auto" }
  | { kind: "none" }
  | { kind: "syslog" }
  | { kind: "file"; path: string };

/** The `[supervisord]` section (CFG-SD). */
export interface ServerOptions {
  /** Absolute path, or "syslog". */
  logfile: string;
  logfileMaxbytes: number;
  logfileBackups: number;
  loglevel: LogLevelName;
  pidfile: string;
  umask: number;
  nodaemon: boolean;
  silent: boolean;
  minfds: number;
  minprocs: number;
  nocleanup: boolean;
  childlogdir: string;
  user: string | null;
  directory: string | null;
  stripAnsi: boolean;
  environment: Record<string, string>;
  identifier: string;
}

/** `[inet_http_server]` (CFG-IH) or `[unix_http_server]` (CFG-UH). */
export type HttpServerConfig =
  | {
      kind: "inet";
      /** "" when the file says `:9001` or `*:9001` (all interfaces). */
      host: string;
      port: number;
      username: string | null;
      /** Plain text, or `{SHA}` followed by a hex SHA-1 digest. */
      password: string | null;
      source: SourceRef;
    }
  | {
      kind: "unix";
      file: string;
      chmod: number;
      /** uid/gid resolved from `chown`, or null to keep the starting user. */
      chown: { uid: number; gid: number } | null;
      username: string | null;
      password: string | null;
      source: SourceRef;
    };

/** `[supervisorctl]` (CFG-CT). */
export interface CtlConfig {
  serverurl: string;
  username: string | null;
  password: string | null;
  prompt: string;
  historyFile: string | null;
}

/** One of stdout / stderr of a process (CFG-PG-17..23). */
export interface LogChannelConfig {
  logfile: LogTarget;
  maxbytes: number;
  backups: number;
  captureMaxbytes: number;
  eventsEnabled: boolean;
  syslog: boolean;
}

export type AutoRestart = "false" | "unexpected" | "true";

/** One process after numprocs expansion: what getAllConfigInfo reports and what is spawned. */
export interface ProcessConfig {
  /** process_name after expansion. */
  name: string;
  /** The `[program:x]` x. */
  programName: string;
  processNum: number;
  /** Expanded command line, not yet split. */
  command: string;
  /** Program `environment` only (supervisord's own is added at spawn). */
  environment: Record<string, string>;
  directory: string | null;
  umask: number | null;
  user: string | null;
  /** uid `user` resolves to (what getAllConfigInfo reports as `uid`); null/absent without user. */
  uid?: number | null;
  priority: number;
  autostart: boolean;
  autorestart: AutoRestart;
  exitcodes: number[];
  startsecs: number;
  startretries: number;
  /** Signal number. */
  stopsignal: number;
  stopwaitsecs: number;
  stopasgroup: boolean;
  killasgroup: boolean;
  redirectStderr: boolean;
  stdout: LogChannelConfig;
  stderr: LogChannelConfig;
  /** "AUTO" or a URL (CFG-PG-27). */
  serverurl: string;
  source: SourceRef;
}

/** What makes a group an `[eventlistener:x]` pool (CFG-EL-02..04). */
export interface EventListenerPoolConfig {
  /** Event type names subscribed to, upper-case, without duplicates (abstract types allowed). */
  events: string[];
  /** Events queued at most (≥ 1); the oldest is dropped when full. */
  bufferSize: number;
  /** Always `supervisor.dispatchers:default_handler`: the only handler a binary can have. */
  resultHandler: string;
}

/** A process group: a `[group:x]` or a program forming its own group (CFG-PG-28, CFG-GR). */
export interface GroupConfig {
  name: string;
  priority: number;
  processes: ProcessConfig[];
  source: SourceRef;
  /** Set for an `[eventlistener:x]` pool; absent or null for program groups. */
  listener?: EventListenerPoolConfig | null;
  /** Set for an `[fcgi-program:x]` group: the socket its processes get as stdin (CFG-FC-01). */
  fcgiSocket?: FcgiSocketConfig | null;
}

/**
 * The listening socket of an `[fcgi-program:x]` (CFG-FC-01). `url` is how supervisord names it
 * (`tcp://host:port`, host lower-cased, or `unix:///path`); `backlog` null means SOMAXCONN.
 */
export type FcgiSocketConfig =
  | { kind: "tcp"; url: string; host: string; port: number; backlog: number | null }
  | {
      kind: "unix";
      url: string;
      path: string;
      backlog: number | null;
      /** Applied after binding; 0o700 unless `socket_mode` says otherwise. */
      mode: number;
      /** From `socket_owner`, or the program's `user` when it differs from the daemon's; gid -1 keeps it. */
      owner: { uid: number; gid: number } | null;
    };

/** `[rpcinterface:x]` or `[ctlplugin:x]`: kept with their raw (expanded) options. */
export interface PluginSection {
  name: string;
  factory: string;
  options: Record<string, string>;
  source: SourceRef;
  /** Where each option was written (Flotilla: filled for rpcinterface and [supvisors] sections). */
  optionSources?: Record<string, SourceRef>;
}

export interface SupervisordConfig {
  /** Absolute path of the main file. */
  file: string;
  /** Directory of the main file: %(here)s. */
  here: string;
  server: ServerOptions;
  inetServer: HttpServerConfig | null;
  unixServer: HttpServerConfig | null;
  ctl: CtlConfig;
  /** Sorted by (priority, name). */
  groups: GroupConfig[];
  rpcInterfaces: PluginSection[];
  ctlPlugins: PluginSection[];
  /**
   * Flotilla's `[supvisors]` section: an alias of `[rpcinterface:supvisors]` without the factory
   * line (factory set to the Supvisors one). null or absent when the file has none.
   */
  supvisorsSection?: PluginSection | null;
  /** Non-fatal findings (unknown plugin factories, include globs matching nothing...). */
  warnings: string[];
  /** Files read through `[include]`, in reading order. */
  includedFiles?: string[];
  /**
   * SUPERVISOR_SERVER_URL for children whose serverurl is AUTO (CFG-UH-05): `unix://file`, else
   * `http://host:port`, else null without any HTTP server.
   */
  fallbackServerUrl?: string | null;
}

/** A configuration error that names where it is. The message is what the user reads. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line: number | null = null,
    readonly section: string | null = null,
    readonly option: string | null = null,
  ) {
    super(formatConfigError(message, file, line, section, option));
    this.name = "ConfigError";
  }
}

function formatConfigError(
  message: string,
  file: string,
  line: number | null,
  section: string | null,
  option: string | null,
): string {
  const where = line === null ? file : `${file}:${line}`;
  const what = [section && `[${section}]`, option].filter(Boolean).join(" ");
  return `${where}: ${what ? what + ": " : ""}${message}`;
}
