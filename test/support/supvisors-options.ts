// A complete SupvisorsOptions for tests: the values readSupvisorsOptions gives an empty
// [rpcinterface:supvisors] section (no instances declared), with what a test needs changed.

import type { SupvisorsOptions } from "../../src/config/supvisors-model.ts";

/**
 * @example supvisorsOptions({ tailfLimit: 20 }) // the defaults, tailf_limit 20
 */
export function supvisorsOptions(overrides: Partial<SupvisorsOptions> = {}): SupvisorsOptions {
  return {
    section: "rpcinterface:supvisors",
    source: { file: "test.conf", line: 1 },
    instances: [],
    listDeclared: false,
    stereotypes: [],
    multicastGroup: null,
    multicastInterface: null,
    multicastTtl: 1,
    discoveryMode: false,
    rulesFiles: [],
    cssFiles: [],
    softwareName: "",
    softwareIcon: null,
    eventLink: "NONE",
    eventPort: null,
    autoFence: false,
    synchroOptions: ["TIMEOUT"],
    synchroTimeout: 15,
    inactivityTicks: 2,
    coreIdentifiers: [],
    disabilitiesFile: null,
    startingStrategy: "CONFIG",
    conciliationStrategy: "USER",
    supvisorsFailureStrategy: "CONTINUE",
    hostStatsEnabled: true,
    processStatsEnabled: true,
    statsCollectingPeriod: 5,
    statsPeriods: [10],
    statsHisto: 200,
    statsIrixMode: false,
    tailLimit: 1024,
    tailfLimit: 1024,
    logger: { logfile: { kind: "auto" }, logfileMaxbytes: 50 * 1024 * 1024, logfileBackups: 10, loglevel: "info" },
    tickPeriod: 5,
    peerKey: null,
    ...overrides,
  };
}
