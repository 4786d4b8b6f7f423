// `[rpcinterface:x]` (CFG-PL-01) and `[ctlplugin:x]` (CFG-PL-02) sections. Supervisor imports the
// named Python factory; Flotilla has the Supervisor and Supvisors ones built in and can load no
// Python code, so any other factory is kept with a warning. Values may use `ENV_*` names only
// (`here` works solely through the `[include]` rescue, see CFG-GEN-07).

import type { LoadContext } from "./context.ts";
import type { PluginSection } from "./model.ts";
import { SectionReader, type Names } from "./section.ts";

export const RPCINTERFACE_FACTORY_KEY = "supervisor.rpcinterface_factory";
export const CTL_FACTORY_KEY = "supervisor.ctl_factory";

/** Factories Flotilla implements itself, per kind of section. */
export const BUILTIN_RPCINTERFACE_FACTORIES: readonly string[] = [
  "supervisor.rpcinterface:make_main_rpcinterface",
  "supvisors.plugin:make_supvisors_rpcinterface",
];
export const BUILTIN_CTL_FACTORIES: readonly string[] = [
  "supvisors.supvisorsctl:make_supvisors_controller_plugin",
];

/** `module : attr` written with spaces is the same entry point to Python. */
export function normalizeFactory(spec: string): string {
  return spec.trim().replace(/\s*:\s*/, ":");
}

/**
 * Reads every section named `<prefix>:x`, requiring `factoryKey`; other keys (including
 * [DEFAULT] ones, as supervisord passes them) go to `options`.
 */
export function readPlugins(
  readers: SectionReader[],
  factoryKey: string,
  builtins: readonly string[],
  envNames: Readonly<Record<string, string>>,
  ctx: LoadContext,
): PluginSection[] {
  const names: Names = { ...envNames };
  return readers.map((reader) => {
    const name = reader.section.slice(reader.section.indexOf(":") + 1);
    const factoryText = reader.string(factoryKey, names);
    if (factoryText === null) {
      throw reader.error(`no ${factoryKey} given; add e.g. ${factoryKey} = ${builtins[0]}`);
    }
    const factory = normalizeFactory(factoryText);
    if (!builtins.includes(factory)) {
      const at = reader.raw(factoryKey)?.source ?? reader.source;
      ctx.warnings.push(
        `[${reader.section}] (${at.file}:${at.line}): factory '${factory}' is not built into Flotilla, ` +
          `and Flotilla cannot load Python code: this section is kept but has no effect ` +
          `(built in: ${builtins.join(", ")})`,
      );
    }
    const entries: Array<[string, string]> = [];
    for (const key of reader.keys()) {
      if (key !== factoryKey) entries.push([key, reader.string(key, names) ?? ""]);
    }
    const options: Record<string, string> = Object.fromEntries(entries);
    return { name, factory, options, source: reader.source };
  });
}
