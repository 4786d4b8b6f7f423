// readSupvisorsOptions: every Supvisors 0.19 option of the `[rpcinterface:supvisors]` section (or
// Flotilla's `[supvisors]` alias) read with Supvisors' semantics (config.md §8), plus Flotilla's
// `tick_period` and `peer_key` (documented in supvisors-model.ts). Invalid values are errors that
// fall back to the default, except where Supvisors refuses to start: logger options, a bad
// supvisors_list entry, an empty synchro_options, no `[inet_http_server]`.
//
// Example: const { options, warnings } = readSupvisorsOptions(loadConfig("supervisord.conf"));
//          options?.instances[0].identifier === "nodeA:61000"

import { hostname } from "node:os";
import { parseBoolean, parseByteSize, parseInteger, parseLogLevel, quote } from "./datatypes.ts";
import type { PluginSection, SupervisordConfig } from "./model.ts";
import {
  resolveDisabilitiesFile,
  resolveExistingFile,
  resolveFileGlobs,
  resolveLogFile,
  type FileEnv,
} from "./supvisors-files.ts";
import { defaultLocalEntry, parseSupvisorsList, splitSupvisorsList, type ListContext } from "./supvisors-list.ts";
import {
  CONCILIATION_STRATEGIES,
  EVENT_LINKS,
  STARTING_STRATEGIES,
  SUPVISORS_FAILURE_STRATEGIES,
  type SupvisorsLoggerOptions,
  type SupvisorsOptions,
} from "./supvisors-model.ts";
import { applyConsistency } from "./supvisors-consistency.ts";
import { SUPVISORS_DEFAULTS, SUPVISORS_OPTION_NAMES, TICK_PERIOD_MAX, TICK_PERIOD_MIN } from "./supvisors-defaults.ts";
import { SupvisorsOptionReader } from "./supvisors-reader.ts";
import { SUPVISORS_FACTORY, SUPVISORS_SECTION } from "./supvisors-section.ts";
import {
  parseEnumName,
  parseInterfaceAddress,
  parseMulticastGroup,
  parsePort,
  parseRangedFloat,
  parseRangedInteger,
  parseStatsEnabled,
  parseStatsPeriods,
  parseSynchroOptions,
  uniqueNonEmpty,
} from "./supvisors-values.ts";
import { DEFAULT_PASSWD_FILE } from "./users.ts";

export interface SupvisorsReadOptions {
  /** supervisord's environment, for the second expansion of file globs; default process.env. */
  env?: Record<string, string>;
  /** supervisord's working directory; default process.cwd(). */
  cwd?: string;
  /** `%(host_node_name)s` and the host of the default local entry; default os.hostname(). */
  hostNodeName?: string;
  /** For `~user` in paths; default /etc/passwd. */
  passwdFile?: string;
  /** Create the missing directories of disabilities_file (Supvisors does); default true. */
  createDirectories?: boolean;
}

/** The section holding the Supvisors options, and warnings about others ignored. */
function findSection(config: SupervisordConfig): { plugin: PluginSection; section: string; warnings: string[] } | null {
  const declared = config.rpcInterfaces.filter((p) => p.factory === SUPVISORS_FACTORY);
  const alias = config.supvisorsSection ?? null;
  if (alias && declared.length > 0) {
    const other = declared[0] as PluginSection;
    const reader = new SupvisorsOptionReader(alias, SUPVISORS_SECTION);
    throw reader.error(
      `both [${SUPVISORS_SECTION}] and [rpcinterface:${other.name}] (${other.source.file}:${other.source.line}) ` +
        `hold Supvisors options; keep only one of them`,
      null,
    );
  }
  if (alias) return { plugin: alias, section: SUPVISORS_SECTION, warnings: [] };
  const first = declared[0];
  if (!first) return null;
  // supervisord builds one Supvisors object, from the first section that names its factory.
  const warnings = declared.slice(1).map(
    (p) =>
      `${p.source.file}:${p.source.line}: [rpcinterface:${p.name}] is ignored: the Supvisors options are read ` +
      `from the first section with ${SUPVISORS_FACTORY}, [rpcinterface:${first.name}]`,
  );
  return { plugin: first, section: `rpcinterface:${first.name}`, warnings };
}

function processEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  return env;
}

/** Logger options: Supvisors converts them before anything else, and stops on a bad one. */
function readLogger(r: SupvisorsOptionReader, fenv: FileEnv): SupvisorsLoggerOptions {
  const logfile = r.strict<SupvisorsLoggerOptions["logfile"]>("logfile", { kind: "auto" }, (v) => {
    const lower = v.toLowerCase();
    if (lower === "auto") return { kind: "auto" };
    if (["none", "off", "syslog"].includes(lower)) {
      // Supervisor's logfile_name accepts these, but Supvisors then fails to open its handler.
      throw new Error(`${quote(v)} cannot be used for the Supvisors log; write AUTO (the supervisord log) or a file path`);
    }
    return { kind: "file", path: resolveLogFile(v, fenv) };
  });
  return {
    logfile,
    logfileMaxbytes: r.strict("logfile_maxbytes", 50 * 1024 * 1024, parseByteSize),
    logfileBackups: r.strict("logfile_backups", 10, parseInteger),
    loglevel: r.strict("loglevel", "info", parseLogLevel),
  };
}

/**
 * The Supvisors options of `config`, or null when it has neither `[rpcinterface:supvisors]`
 * (any section with the Supvisors factory) nor `[supvisors]`: a plain supervisord.
 * Throws ConfigError (file, line, section, option) where Supvisors would refuse to start.
 */
export function readSupvisorsOptions(
  config: SupervisordConfig,
  opts: SupvisorsReadOptions = {},
): { options: SupvisorsOptions | null; warnings: string[] } {
  const found = findSection(config);
  if (!found) return { options: null, warnings: [] };
  const r = new SupvisorsOptionReader(found.plugin, found.section);
  r.warnings.push(...found.warnings);

  const env = opts.env ?? processEnv();
  const cwd = opts.cwd ?? process.cwd();
  const hostNodeName = opts.hostNodeName ?? hostname();
  const names: Record<string, string> = { here: config.here, host_node_name: hostNodeName };
  for (const [k, v] of Object.entries({ ...env, ...config.server.environment })) names[`ENV_${k}`] = v;
  const fenv: FileEnv = { names, cwd, env, passwdFile: opts.passwdFile ?? DEFAULT_PASSWD_FILE };

  for (const key of Object.keys(found.plugin.options)) {
    if (!SUPVISORS_OPTION_NAMES.includes(key)) r.warn(key, "this is not a Supvisors or Flotilla option; it is ignored (check its spelling)");
  }

  const logger = readLogger(r, fenv);

  const softwareName = r.raw("software_name") ?? "";
  const softwareIcon = r.lenient("software_icon", null as string | null, (v) => {
    const { file, warnings } = resolveExistingFile("software_icon", v, fenv);
    for (const w of warnings) r.warn("software_icon", w);
    return file;
  });
  const listEntries = splitSupvisorsList(r.raw("supvisors_list") ?? "");
  const stereotypes = uniqueNonEmpty(r.raw("stereotypes") ?? "");
  const multicastGroup = r.lenient("multicast_group", null, parseMulticastGroup);
  const multicastInterface = r.lenient("multicast_interface", null, parseInterfaceAddress, "ANY");
  const multicastTtl = r.lenient("multicast_ttl", SUPVISORS_DEFAULTS.multicastTtl, (v) =>
    parseRangedInteger(v, "multicast_ttl", 0, 255),
  );
  const globs = (key: string): string[] =>
    r.lenient(key, [] as string[], (v) => {
      const { files, warning } = resolveFileGlobs(key, v, fenv);
      if (warning !== null) r.warn(key, warning);
      return files;
    });
  const rulesFiles = globs("rules_files");
  const cssFiles = globs("css_files");
  const eventLink = r.lenient("event_link", "NONE", (v) => parseEnumName(v, "event_link", EVENT_LINKS));
  const eventPort = r.lenient("event_port", null as number | null, (v) => parsePort(v, "event_port"), "(http port + 1)");
  const autoFence = r.lenient("auto_fence", false, parseBoolean);
  const synchroOptions = r.lenient("synchro_options", [...SUPVISORS_DEFAULTS.synchroOptions], parseSynchroOptions);
  const synchroTimeout = r.lenient("synchro_timeout", SUPVISORS_DEFAULTS.synchroTimeout, (v) =>
    parseRangedInteger(v, "synchro_timeout", 15, 1200, " (seconds)"),
  );
  const inactivityTicks = r.lenient("inactivity_ticks", SUPVISORS_DEFAULTS.inactivityTicks, (v) =>
    parseRangedInteger(v, "inactivity_ticks", 2, 720),
  );
  const coreIdentifiers = uniqueNonEmpty(r.raw("core_identifiers") ?? "");
  const disabilitiesFile = r.lenient("disabilities_file", null as string | null, (v) => {
    if (v === "") return null;
    const res = resolveDisabilitiesFile(v, fenv, opts.createDirectories ?? true);
    if (res.missingDirectory !== null) r.warn("disabilities_file", `the directory ${quote(res.missingDirectory)} does not exist; it will be created at start`);
    return res.file;
  });
  const conciliationStrategy = r.lenient("conciliation_strategy", "USER", (v) =>
    parseEnumName(v, "conciliation_strategy", CONCILIATION_STRATEGIES),
  );
  const startingStrategy = r.lenient("starting_strategy", "CONFIG", (v) =>
    parseEnumName(v, "starting_strategy", STARTING_STRATEGIES),
  );
  const supvisorsFailureStrategy = r.lenient("supvisors_failure_strategy", "CONTINUE", (v) =>
    parseEnumName(v, "supvisors_failure_strategy", SUPVISORS_FAILURE_STRATEGIES),
  );
  const stats = r.lenient("stats_enabled", { host: true, process: true }, parseStatsEnabled, "ALL");
  const statsCollectingPeriod = r.lenient("stats_collecting_period", SUPVISORS_DEFAULTS.statsCollectingPeriod, (v) =>
    parseRangedFloat(v, "stats_collecting_period", 1, 3600, " (seconds)"),
  );
  const statsPeriods = r.lenient("stats_periods", [...SUPVISORS_DEFAULTS.statsPeriods], parseStatsPeriods);
  const statsHisto = r.lenient("stats_histo", SUPVISORS_DEFAULTS.statsHisto, (v) =>
    parseRangedInteger(v, "stats_histo", 10, 1500),
  );
  const statsIrixMode = r.lenient("stats_irix_mode", false, parseBoolean);
  const tailLimit = r.lenient("tail_limit", SUPVISORS_DEFAULTS.tailLimit, parseByteSize);
  const tailfLimit = r.lenient("tailf_limit", SUPVISORS_DEFAULTS.tailfLimit, parseByteSize);
  const tickPeriod = r.lenient("tick_period", SUPVISORS_DEFAULTS.tickPeriod, (v) =>
    parseRangedFloat(v, "tick_period", TICK_PERIOD_MIN, TICK_PERIOD_MAX, " (seconds)"),
  );
  const peerKeyText = r.raw("peer_key") ?? "";
  const peerKey = peerKeyText === "" ? null : peerKeyText;

  const consistent = applyConsistency(r, {
    synchroOptions,
    coreIdentifiers,
    listDeclared: listEntries.length > 0,
    supvisorsFailureStrategy,
  });

  const inet = config.inetServer?.kind === "inet" ? config.inetServer : null;
  if (inet === null) {
    throw r.error(
      "Supvisors needs an [inet_http_server]: its port identifies this instance to its peers; " +
        "add e.g. [inet_http_server] port = 127.0.0.1:61000",
      null,
    );
  }
  const listCtx: ListContext = { localHttpPort: inet.port, eventPort };
  const instances =
    listEntries.length > 0
      ? r.strict("supvisors_list", [], () => parseSupvisorsList(listEntries, listCtx))
      : [defaultEntry(r, config, hostNodeName, listCtx)];

  if (peerKey === null) {
    r.warn(
      "peer_key",
      "not set: the cluster is open to anyone on the network who can reach its ports; " +
        "set peer_key = %(ENV_FLOTILLA_PEER_KEY)s (the same secret on every instance)",
    );
  }
  if (disabilitiesFile === null) {
    r.warn("disabilities_file", "not set: disabled programs are not remembered, they are enabled again at the next start");
  }

  const options: SupvisorsOptions = {
    section: found.section,
    source: found.plugin.source,
    instances,
    listDeclared: listEntries.length > 0,
    stereotypes,
    multicastGroup,
    multicastInterface,
    multicastTtl,
    discoveryMode: multicastGroup !== null,
    rulesFiles,
    cssFiles,
    softwareName,
    softwareIcon,
    eventLink,
    eventPort,
    autoFence,
    synchroOptions: consistent.synchroOptions,
    synchroTimeout,
    inactivityTicks,
    coreIdentifiers,
    disabilitiesFile,
    startingStrategy,
    conciliationStrategy,
    supvisorsFailureStrategy: consistent.supvisorsFailureStrategy,
    hostStatsEnabled: stats.host,
    processStatsEnabled: stats.process,
    statsCollectingPeriod,
    statsPeriods,
    statsHisto,
    statsIrixMode,
    tailLimit,
    tailfLimit,
    logger,
    tickPeriod,
    peerKey,
  };
  return { options, warnings: r.warnings };
}

/** The single local entry of an empty supvisors_list; a bad `[supervisord] identifier` is fatal. */
function defaultEntry(
  r: SupvisorsOptionReader,
  config: SupervisordConfig,
  hostNodeName: string,
  listCtx: ListContext,
): SupvisorsOptions["instances"][number] {
  try {
    return defaultLocalEntry(config.server.identifier, hostNodeName, listCtx);
  } catch (err) {
    throw r.error(
      `supvisors_list is empty, and the local entry built from [supervisord] identifier ` +
        `${quote(config.server.identifier)} and host name ${quote(hostNodeName)} is not valid: ` +
        `${(err as Error).message}`,
      "supvisors_list",
    );
  }
}
