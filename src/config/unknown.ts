// Warnings for sections that nobody reads: names supervisord does not know (it ignores them
// silently, which hides typos such as `[program]` or `[programs:x]`), and supervisorctl sections
// placed in an included file, which supervisorctl never reads.

import type { LoadContext } from "./context.ts";
import type { IniDocument } from "./ini.ts";

// `supvisors`: Flotilla's alias of `[rpcinterface:supvisors]` (src/config/supvisors-section.ts).
const KNOWN_NAMES = ["supervisord", "supervisorctl", "include", "supvisors"];
const KNOWN_PREFIXES = [
  "program:",
  "group:",
  "eventlistener:",
  "fcgi-program:",
  "rpcinterface:",
  "ctlplugin:",
  "inet_http_server",
  "unix_http_server",
];

/** Adds one warning per unknown section, and per ctl section outside the main file. */
export function warnUnknownSections(doc: IniDocument, mainFile: string, ctx: LoadContext): void {
  for (const section of doc.sections.values()) {
    const at = `${section.source.file}:${section.source.line}`;
    const name = section.name;
    if (!KNOWN_NAMES.includes(name) && !KNOWN_PREFIXES.some((p) => name.startsWith(p))) {
      ctx.warnings.push(`section [${name}] (${at}) is not a section supervisord knows; it is ignored`);
      continue;
    }
    const ctlOnly = name === "supervisorctl" || name.startsWith("ctlplugin:");
    if (ctlOnly && section.source.file !== mainFile) {
      ctx.warnings.push(
        `section [${name}] (${at}) is in an included file, which supervisorctl does not read; ` +
          `move it to the main configuration file`,
      );
    }
  }
}
