// The consistency rules Supvisors 0.19 applies once every option is read (check_options), in its
// order: CORE needs core_identifiers, STRICT needs a declared supvisors_list, nothing left is
// fatal, and TIMEOUT forces the failure strategy to CONTINUE (CFG-SV-15, CFG-SV-22, ST-SFA-05:
// with TIMEOUT, synchronization can end with instances missing, and a failure strategy would
// then fire at once).
//
// Example: { synchroOptions: ["STRICT","TIMEOUT","CORE"], coreIdentifiers: [], listDeclared: false, ... }
//          → synchroOptions ["TIMEOUT"], two warnings

import type { SupvisorsFailureStrategy, SynchroOption } from "./supvisors-model.ts";
import type { SupvisorsOptionReader } from "./supvisors-reader.ts";

export interface ConsistencyInput {
  synchroOptions: readonly SynchroOption[];
  coreIdentifiers: readonly string[];
  /** supvisors_list named at least one entry (the default local entry does not count). */
  listDeclared: boolean;
  supvisorsFailureStrategy: SupvisorsFailureStrategy;
}

/** The adjusted options; warnings go to `r`, an empty synchro_options throws its ConfigError. */
export function applyConsistency(
  r: SupvisorsOptionReader,
  input: ConsistencyInput,
): { synchroOptions: SynchroOption[]; supvisorsFailureStrategy: SupvisorsFailureStrategy } {
  let synchroOptions = [...input.synchroOptions];
  let supvisorsFailureStrategy = input.supvisorsFailureStrategy;
  if (input.coreIdentifiers.length === 0 && synchroOptions.includes("CORE")) {
    r.warn("synchro_options", "CORE is removed from synchro_options because core_identifiers is empty");
    synchroOptions = synchroOptions.filter((o) => o !== "CORE");
  }
  if (!input.listDeclared && synchroOptions.includes("STRICT")) {
    r.warn("synchro_options", "STRICT is removed from synchro_options because supvisors_list is empty");
    synchroOptions = synchroOptions.filter((o) => o !== "STRICT");
  }
  if (synchroOptions.length === 0) {
    throw r.error(
      "synchro_options is empty (CORE needs core_identifiers, STRICT needs supvisors_list); " +
        "add TIMEOUT, LIST or USER",
      "synchro_options",
    );
  }
  if (synchroOptions.includes("TIMEOUT") && supvisorsFailureStrategy !== "CONTINUE") {
    r.warn(
      "supvisors_failure_strategy",
      `${supvisorsFailureStrategy} is replaced by CONTINUE because synchro_options includes TIMEOUT`,
    );
    supvisorsFailureStrategy = "CONTINUE";
  }
  return { synchroOptions, supvisorsFailureStrategy };
}
