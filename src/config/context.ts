// What every section parser of one loadConfig call shares: where the config lives, the names
// available for expansion, how to look users up, and the list collecting non-fatal warnings.
// Built per call (no module-level state), so several configs can be loaded side by side.

/** Shared inputs and outputs of one configuration load. */
export interface LoadContext {
  /** Directory of the main file: the `here` name outside `[include]` rescue. */
  here: string;
  /** Directory relative paths are resolved against (supervisord's working directory). */
  cwd: string;
  /** `%(host_node_name)s`. */
  hostNodeName: string;
  /** supervisord's own environment. */
  env: Readonly<Record<string, string>>;
  /** `ENV_X` names: the environment plus, once read, `[supervisord] environment`. */
  envNames: Record<string, string>;
  passwdFile: string;
  groupFile: string;
  warnings: string[];
}

/** `ENV_X` → value for every variable of `env`. */
export function envNamesOf(env: Readonly<Record<string, string>>): Record<string, string> {
  const names: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) names[`ENV_${k}`] = v;
  return names;
}
