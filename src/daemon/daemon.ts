// One Flotilla daemon life: load the configuration, stop what a previous (killed) life left
// running, open the logs and the HTTP servers, supervise, and end on shutdown or restart.
// A restart (SIGHUP, supervisor.restart) reads the file first and refuses to go on with an
// invalid one, so a typo never stops a running system.

import { unlinkSync } from "node:fs";
import { loadConfig } from "../config/index.ts";
import { takesOverAutorestart } from "../config/rules/index.ts";
import type { SupervisordConfig } from "../config/model.ts";
import { RpcRegistry } from "../api/registry.ts";
import { registerSystemMethods } from "../api/system.ts";
import { registerSupervisorMethods } from "../api/supervisor/index.ts";
import { startHttpServers, type HttpServers, type LogTailSource } from "../api/http/index.ts";
import { chainRoutes, type RouteHandler } from "../api/http/route-chain.ts";
import { createMetrics, timedWebRoutes, type Metrics } from "../api/metrics/index.ts";
import { createRestApi } from "../api/rest/index.ts";
import { cleanupAutoChildLogs, MainLogger, supvisorsLineFormat } from "../process/logs/index.ts";
import { readSupvisorsOptions } from "../config/supvisors.ts";
import type { LogLevelName } from "../config/model.ts";
import { OsSpawner } from "../process/spawner.ts";
import { systemClock } from "../process/clock.ts";
import { SupervisorStates } from "../process/states.ts";
import { LocalSupervisor } from "../supervisor/local-supervisor.ts";
import { EventListeners, tickClock, type SerialCounter } from "../events/listeners/index.ts";
import { DisabilitiesFile } from "./disabilities.ts";
import { setUpCluster } from "../node/cluster-setup.ts";
import { readRules } from "../node/control-setup.ts";
import { NodeWiring } from "../node/node-wiring.ts";
import { writeFileAtomic } from "./atomic-file.ts";
import { ChildRecords, isAlive, liveOrphans, RecordingSpawner, stopOrphans } from "./child-records.ts";
import { dropPrivileges } from "./privileges.ts";
import { childServerUrl } from "./server-url.ts";
import { waitUntil } from "./wait-until.ts";
import { lagWarning, LoopLagMonitor } from "./loop-lag.ts";

export interface DaemonOptions {
  configPath: string;
  /**
   * Reads the configuration, on start and on every reread or restart; default loadConfig(configPath).
   * `flotilla serve` puts its command-line values over the file's here.
   */
  load?: () => SupervisordConfig;
  /** Overrides `nodaemon` to echo the log on stdout (`-n`). */
  nodaemon?: boolean;
  /** Where the log echo goes; stdout by default. */
  echo?: (line: string) => void;
  /** The event listeners' global serial, carried from one daemon life to the next. */
  listenerSerial?: SerialCounter;
}

export type DaemonEnd = "shutdown" | "restart";

export class Daemon {
  readonly #opts: DaemonOptions;
  readonly #load: () => SupervisordConfig;
  #config: SupervisordConfig;
  #logger!: MainLogger;
  /** Where the cluster logs: the activity log, or Supvisors' own logfile. */
  #clusterLogger!: MainLogger;
  #sup!: LocalSupervisor;
  #servers: HttpServers | null = null;
  /** The cluster side (Supvisors section): node, control, statistics, dashboard. */
  #wiring: NodeWiring | null = null;
  /** `[eventlistener:x]` pools and the Supervisor events they are sent. */
  #listeners!: EventListeners;
  /** GET /metrics, and the request counters every door reports to. */
  #metrics!: Metrics;
  #records!: ChildRecords;
  /** Measures how long other work holds the event loop (metrics, and a warning for long turns). */
  #loopLag: LoopLagMonitor | null = null;
  #ending: DaemonEnd | null = null;
  /** The configuration the next life starts with, after a restart. */
  #nextConfig: SupervisordConfig | null = null;
  #endResolve!: (end: DaemonEnd) => void;
  readonly ended: Promise<DaemonEnd>;

  constructor(opts: DaemonOptions, config?: SupervisordConfig) {
    this.#opts = opts;
    this.#load = opts.load ?? (() => loadConfig(opts.configPath));
    this.#config = config ?? this.#load();
    this.ended = new Promise((resolve) => (this.#endResolve = resolve));
  }

  get config(): SupervisordConfig {
    return this.#config;
  }

  get supervisor(): LocalSupervisor {
    return this.#sup;
  }

  get servers(): HttpServers | null {
    return this.#servers;
  }

  async start(): Promise<void> {
    const cfg = this.#config;
    const server = cfg.server;
    const refused = dropPrivileges(server.user);
    if (refused) throw new Error(`[supervisord] user: ${refused}`);
    const foreground = this.#opts.nodaemon ?? server.nodaemon;
    // As supervisord, which sets its umask as it daemonizes: in the foreground the children get the
    // umask the daemon was started with (CFG-SD-06, measured against Debian's supervisord 4.2.5).
    if (!foreground) process.umask(server.umask);
    const echoOn = foreground && !server.silent;
    const echo = echoOn ? (this.#opts.echo ?? ((line: string) => void process.stdout.write(line))) : undefined;
    // Read before the logger: Supvisors changes the activity log's line format (CFG-SV-34).
    const supvisors = readSupvisorsOptions(cfg);
    const sv = supvisors.options;
    // An invalid rules file stops the start with its FILE:LINE message, as an invalid
    // configuration does (Supvisors would run with every application unmanaged instead).
    const rules = sv ? readRules(sv, cfg.groups) : null;
    const svFormat = sv ? supvisorsLineFormat(sv.softwareName) : undefined;
    this.#logger = new MainLogger({
      path: server.logfile,
      maxbytes: server.logfileMaxbytes,
      backups: server.logfileBackups,
      level: server.loglevel,
      echo,
      format: sv?.logger.logfile.kind === "auto" ? svFormat : undefined,
    });
    // The cluster's messages: in the activity log (logfile AUTO), or in a file of their own.
    this.#clusterLogger =
      sv?.logger.logfile.kind === "file"
        ? new MainLogger({
            path: sv.logger.logfile.path,
            maxbytes: sv.logger.logfileMaxbytes,
            backups: sv.logger.logfileBackups,
            level: sv.logger.loglevel,
            echo,
            format: svFormat,
          })
        : this.#logger;
    for (const warning of cfg.warnings) this.#logger.warn(warning);
    for (const warning of supvisors.warnings) this.#clusterLogger.warn(warning);
    for (const warning of rules?.warnings ?? []) this.#clusterLogger.warn(warning);

    this.#records = new ChildRecords(`${server.pidfile}.children`);
    const previous = this.#records.readPrevious();
    if (previous.daemon && previous.daemon.pid !== process.pid && isAlive(previous.daemon)) {
      throw new Error(`another flotilla (pid ${previous.daemon.pid}) runs with pidfile ${server.pidfile}: shut it down first`);
    }
    if (!server.nocleanup) cleanupAutoChildLogs(server.childlogdir, server.identifier, (m) => this.#logger.warn(m));

    const book = rules?.book;
    this.#sup = new LocalSupervisor({
      config: cfg,
      spawner: new RecordingSpawner(new OsSpawner(), this.#records),
      clock: systemClock,
      log: (level, message) => this.#logger.log(level, message),
      serverUrl: childServerUrl(cfg),
      // RULE-39b: from the first spawn, a crash of such a process is its application's to answer.
      holdsAutorestart: book ? (group, name) => takesOverAutorestart(book.program(group, name).running_failure_strategy) : undefined,
    });
    // Reading a process's rules corrects them; Supvisors logs those corrections as errors as it adds the process.
    for (const warning of book?.warnings() ?? []) this.#clusterLogger.log("error", warning);
    // Before anything can start: a disabled program must not autostart (CFG-SV-19, ST-DYN-01).
    if (sv) this.#sup.useDisabilities(new DisabilitiesFile(sv.disabilitiesFile, (level, m) => this.#clusterLogger.log(level, m)));
    // Before any process starts, so listeners hear every event of this life.
    this.#listeners = new EventListeners({
      sup: this.#sup,
      identifier: server.identifier,
      log: (level, message) => this.#logger.log(level, message),
      tickClock: tickClock(systemClock, process.env),
      serial: this.#opts.listenerSerial,
    });

    const registry = new RpcRegistry();
    registerSystemMethods(registry);
    registerSupervisorMethods(registry, {
      sup: this.#sup,
      logger: this.#logger,
      daemon: {
        pid: process.pid,
        requestShutdown: () => this.shutdown(),
        requestRestart: () => this.restart(),
        reread: () => this.#load(),
        remoteCommEvent: (type, data) => this.#listeners.remoteCommunication(type, data),
      },
    });
    registry.setGuard((method) => {
      if (method.startsWith("supervisor.")) this.#sup.assertRunning();
    });
    // One resolver of log files for the /logtail streams and the dashboard's tail pages.
    const logs: LogTailSource = {
      processLog: (namespec, channel) => {
        try {
          return this.#sup.process(namespec).logPath(channel);
        } catch {
          return null;
        }
      },
      mainLog: () => this.#logger.path,
      // CFG-SV-29: Supvisors makes the first chunk of a followed log tailf_limit bytes.
      tailfLimit: sv?.tailfLimit ?? 1024,
    };
    const clusterLog = (level: LogLevelName, text: string) => this.#clusterLogger.log(level, text);
    const cluster = sv ? await setUpCluster(cfg, sv, clusterLog) : null;
    if (cluster) {
      this.#wiring = new NodeWiring({
        cluster,
        supvisors: sv!,
        book: rules!.book,
        sup: this.#sup,
        registry,
        logs,
        log: clusterLog,
        setLogLevel: (level) => {
          this.#clusterLogger.setLevel(level);
          this.#clusterLogger.warn(`logger level changed to ${level}`);
        },
        restartDaemon: () => this.restart(),
        shutdownDaemon: () => this.shutdown(),
      });
    }
    // Before the processes start: restarts count from the first spawn of this life.
    this.#loopLag = new LoopLagMonitor({ warn: (ms, more, work) => this.#logger.warn(lagWarning(ms, more, work)) });
    this.#metrics = createMetrics({ sup: this.#sup, ...this.#wiring?.metrics, loopLag: this.#loopLag });
    this.#servers = await startHttpServers({
      inet: cfg.inetServer,
      unix: cfg.unixServer,
      registry,
      logs,
      logger: (level, msg) => this.#logger.log(level === "warning" ? "warn" : (level as "info"), msg),
      upgrade: cluster ? (_req, socket, head) => cluster.transport.adopt(socket, head) : undefined,
      observeRpc: (method, seconds, outcome) => this.#metrics.observeRequest("xmlrpc", method, seconds, outcome),
      isClusterHost: this.#wiring?.isClusterHost,
      // Each door answers its own paths: REST, metrics, then the dashboard, last since it owns "/".
      extra: chainRoutes([
        createRestApi({
          registry,
          observe: (route, seconds, status) => this.#metrics.observeRequest("rest", route, seconds, String(status)),
        }).handle,
        ...this.#extraRoutes(),
      ]),
    });
    // Only now that the ports are ours is this surely the one daemon: stop what a killed
    // predecessor left running, then record ourselves.
    await stopOrphans(liveOrphans(previous.children), 10_000, (m) => this.#logger.warn(m), waitUntil);
    this.#records.flush();
    if (!cfg.inetServer && !cfg.unixServer) {
      this.#logger.warn("no [inet_http_server] or [unix_http_server] section: no client can reach this daemon");
    }
    // Written once the servers listen: a parent waiting for a daemonized child reads it as "ready".
    writeFileAtomic(server.pidfile, `${process.pid}\n`);
    if (server.user) this.#logger.info(`Set uid to user ${server.user} succeeded`);
    this.#logger.info(`flotilla started with pid ${process.pid}`);
    this.#listeners.daemonRunning();
    this.#loopLag.start();
    this.#sup.start();
    this.#wiring?.start();
    if (cluster) this.#logger.info(`cluster instance ${cluster.local.identifier} (nick ${cluster.local.nick}) started`);
  }

  /** The HTTP doors besides /RPC2 and /logtail, asked in this order. */
  #extraRoutes(): RouteHandler[] {
    const routes: RouteHandler[] = [this.#metrics.handle];
    if (this.#wiring) {
      const countWeb = (kind: string, seconds: number, status: string) => this.#metrics.observeRequest("web", kind, seconds, status);
      routes.push(timedWebRoutes(this.#wiring.dashboard.handle, countWeb));
    }
    return routes;
  }

  get nextConfig(): SupervisordConfig | null {
    return this.#nextConfig;
  }

  /** Begins a shutdown once; the promise `ended` tells when it is complete. */
  shutdown(): void {
    if (this.#ending) return;
    this.#ending = "shutdown";
    void this.#stop("shutdown");
  }

  /**
   * Begins a restart with the file as it is now. An invalid file is reported in the log and the
   * daemon carries on as it was: nothing is stopped for a typo.
   */
  restart(): void {
    if (this.#ending) return;
    try {
      const next = this.#load();
      const nextSupvisors = readSupvisorsOptions(next).options;
      if (nextSupvisors) readRules(nextSupvisors, next.groups);
      this.#nextConfig = next;
    } catch (err) {
      this.#logger.error(`restart refused, the configuration is invalid: ${(err as Error).message}`);
      return;
    }
    this.#ending = "restart";
    void this.#stop("restart");
  }

  /** Logs a fatal start error where a daemonized parent tells the user to look. */
  critical(message: string): void {
    // Start may fail before the logger exists (a user that cannot be switched to).
    const logger = this.#logger as MainLogger | undefined;
    logger?.critical(message);
    logger?.close();
  }

  /** SIGUSR2: reopen every log file (after an external logrotate). */
  reopenLogs(): void {
    this.#logger.reopen();
    if (this.#clusterLogger !== this.#logger) this.#clusterLogger.reopen();
    this.#sup.reopenLogs();
    this.#logger.info("received SIGUSR2 indicating log reopen request");
  }

  async #stop(kind: DaemonEnd): Promise<void> {
    const mood = kind === "shutdown" ? SupervisorStates.SHUTDOWN : SupervisorStates.RESTARTING;
    this.#listeners.daemonStopping();
    await this.#wiring?.stopLayers();
    await this.#sup.stopEverything(mood);
    this.#listeners.dispose();
    await this.#wiring?.close();
    await this.#servers?.close();
    this.#records.remove();
    this.#loopLag?.stop();
    this.#sup.dispose();
    if (kind === "shutdown") {
      try {
        unlinkSync(this.#config.server.pidfile);
      } catch {
        // Already gone.
      }
    }
    this.#logger.info(kind === "shutdown" ? "flotilla stopped" : "flotilla restarting");
    if (this.#clusterLogger !== this.#logger) this.#clusterLogger.close();
    this.#logger.close();
    this.#endResolve(kind);
  }
}
