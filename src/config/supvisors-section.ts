// Load-time support for the Supvisors options, called by loadConfig: Flotilla's `[supvisors]`
// section (an alias of `[rpcinterface:supvisors]` that needs no factory line), and the line of
// every option of the rpcinterface sections, so that Supvisors option errors can name it.
// Values are expanded like rpcinterface values: `ENV_*` names only (CFG-GEN-07/08).
//
// Example: [supvisors]
//          supvisors_list = 127.0.0.1:61000,127.0.0.1:61001
//          → { name: "supvisors", factory: SUPVISORS_FACTORY, options: { supvisors_list: "..." }, ... }

import { lookupOption, type IniDocument } from "./ini.ts";
import type { PluginSection, SourceRef } from "./model.ts";
import { normalizeFactory, RPCINTERFACE_FACTORY_KEY } from "./plugins.ts";
import { SectionReader, type Names } from "./section.ts";

/** The Supvisors plugin factory; a section with it holds the Supvisors options. */
export const SUPVISORS_FACTORY = "supvisors.plugin:make_supvisors_rpcinterface";
/** Flotilla's own name for the section. */
export const SUPVISORS_SECTION = "supvisors";

/** Option name → where it is written, `[DEFAULT]` options included. */
function sourcesOf(doc: IniDocument, section: string, keys: readonly string[]): Record<string, SourceRef> {
  const sources: Record<string, SourceRef> = {};
  for (const key of keys) {
    const v = lookupOption(doc, section, key);
    if (v) sources[key] = v.source;
  }
  return sources;
}

/** Adds `optionSources` to plugin sections read from `[<prefix>name]` sections of `doc`. */
export function attachOptionSources(plugins: PluginSection[], doc: IniDocument, prefix: string): void {
  for (const plugin of plugins) {
    plugin.optionSources = sourcesOf(doc, prefix + plugin.name, Object.keys(plugin.options));
  }
}

/**
 * The `[supvisors]` section as a PluginSection, or null when absent. A factory line is allowed
 * only if it names the Supvisors factory (it is implied); any other is fatal, since the section
 * would otherwise silently mean something else.
 */
export function readSupvisorsAlias(doc: IniDocument, envNames: Readonly<Record<string, string>>): PluginSection | null {
  if (!doc.sections.has(SUPVISORS_SECTION)) return null;
  const reader = new SectionReader(doc, SUPVISORS_SECTION);
  const names: Names = { ...envNames };
  const factory = reader.string(RPCINTERFACE_FACTORY_KEY, names);
  if (factory !== null && normalizeFactory(factory) !== SUPVISORS_FACTORY) {
    throw reader.error(
      `[${SUPVISORS_SECTION}] always uses ${SUPVISORS_FACTORY}; remove this line, ` +
        `or move the options to an [rpcinterface:x] section`,
      RPCINTERFACE_FACTORY_KEY,
    );
  }
  const keys = reader.keys().filter((k) => k !== RPCINTERFACE_FACTORY_KEY);
  const options: Record<string, string> = {};
  for (const key of keys) options[key] = reader.string(key, names) ?? "";
  return {
    name: SUPVISORS_SECTION,
    factory: SUPVISORS_FACTORY,
    options,
    source: reader.source,
    optionSources: sourcesOf(doc, SUPVISORS_SECTION, keys),
  };
}
