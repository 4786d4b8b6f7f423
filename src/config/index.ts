// Public face of the configuration layer: load a supervisord.conf, find the default one, compare
// two loads, and the datatype helpers the runtime shares (signals, sizes, users).

export * from "./model.ts";
export { loadConfig, type LoadOptions } from "./load.ts";
export { applyServerOverrides, type OverridableServerOption, type ServerOverrides } from "./server-overrides.ts";
export { existingDirectory, existingDirpath, normalizePath, type PathContext } from "./paths.ts";
export { findDefaultConfig, defaultConfigCandidates } from "./find.ts";
export { diffConfigs, sameProcess } from "./diff.ts";
export { LINUX_SIGNALS, signalDescription, signalName, signalNumber } from "./signals.ts";
export {
  ConversionError,
  parseAutoRestart,
  parseBoolean,
  parseByteSize,
  parseExitCodes,
  parseInetAddress,
  parseInteger,
  parseListOfStrings,
  parseLogLevel,
  parseOctal,
} from "./datatypes.ts";
export { parseEnvironment } from "./envpairs.ts";
export { resolveGroup, resolveUser, resolveUserGroup } from "./users.ts";
export { pyFormat, FormatError } from "./pyformat.ts";
