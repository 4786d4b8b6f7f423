// `flotilla check -c FILE`: loads the configuration as the daemon would and prints what it
// resolved to, then the Supvisors rules files it names (summary and suspicious rules), or the
// first error (file:line, section, option — or rules file:line, element) and exit status 2.

import { findDefaultConfig, loadConfig } from "../config/index.ts";
import { ConfigError, type GroupConfig } from "../config/model.ts";
import { type RulesDocument, findApplication, loadRulesFiles, rulesWarnings } from "../config/rules/index.ts";
import { readSupvisorsOptions, renderSupvisorsReport } from "../config/supvisors.ts";
import { renderCheckReport } from "./check.ts";
import { parseOptions } from "./options.ts";

export async function runCheck(argv: string[]): Promise<number> {
  const parsed = parseOptions(argv, [{ short: "c", long: "configuration", value: true }]);
  if ("error" in parsed) {
    process.stderr.write(`Error: ${parsed.error}\nusage: flotilla check [-c FILE]\n`);
    return 2;
  }
  const path = parsed.values.get("c") ?? findDefaultConfig();
  if (!path) {
    process.stderr.write("Error: no configuration file found; give one with -c FILE\n");
    return 2;
  }
  try {
    const config = loadConfig(path);
    process.stdout.write(renderCheckReport(config));
    // Nothing is created by a check (disabilities_file folders are made by the daemon).
    const supvisors = readSupvisorsOptions(config, { createDirectories: false });
    if (supvisors.options) process.stdout.write(`\n${renderSupvisorsReport(supvisors.options)}`);
    for (const warning of supvisors.warnings) process.stdout.write(`warning: ${warning}\n`);
    const rulesFiles = supvisors.options?.rulesFiles ?? [];
    if (rulesFiles.length > 0) {
      let loaded: ReturnType<typeof loadRulesFiles>;
      try {
        loaded = loadRulesFiles(rulesFiles);
      } catch (err) {
        // RulesError (FILE:LINE: element: reason) or an unreadable file: the check fails, as the
        // daemon refuses to start on it (rules/README.md)
        process.stderr.write(`Error: ${(err as Error).message}\n`);
        return 2;
      }
      process.stdout.write(`\n${renderRulesSummary(loaded.rules, config.groups)}`);
      // what the merge hid, then what the rules mean against the configured groups
      const warnings = [...loaded.warnings, ...rulesWarnings(loaded.rules, config.groups)];
      for (const warning of warnings) process.stdout.write(`warning: ${warning}\n`);
    }
    return 0;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`Error: ${err.message}\n`);
    return 2;
  }
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? "" : "s"}`;
}

/**
 * The rules at a glance: files in the order read, each application element (how it selects
 * groups, how many program elements, where), aliases, models, and which configured groups the
 * rules manage.
 *
 * Example: "Rules: 1 file\n  /etc/rules.xml\n  applications (1):\n    web  name, 2 programs  [/etc/rules.xml:3]\n…"
 */
export function renderRulesSummary(doc: RulesDocument, groups: GroupConfig[]): string {
  const lines = [`Rules: ${count(doc.files.length, "file")}`, ...doc.files.map((f) => `  ${f}`)];
  lines.push(`  applications (${doc.applications.length}):`);
  for (const app of doc.applications) {
    const selector = app.name !== undefined ? `${app.name}  name` : `${app.pattern ?? "(no name or pattern)"}  pattern`;
    lines.push(`    ${selector}, ${count(app.programs.length, "program")}  [${app.source.file}:${app.source.line}]`);
  }
  const names = (list: string[]): string => (list.length === 0 ? "(none)" : list.join(", "));
  lines.push(`  aliases (${doc.aliases.size}): ${names([...doc.aliases.keys()])}`);
  lines.push(`  models (${doc.models.size}): ${names([...doc.models.keys()])}`);
  const managed = groups.filter((g) => findApplication(doc, g.name) !== undefined).map((g) => g.name);
  const unmanaged = groups.filter((g) => !managed.includes(g.name)).map((g) => g.name);
  lines.push(`  managed groups (${managed.length}): ${names(managed)}`);
  lines.push(`  unmanaged groups (${unmanaged.length}): ${names(unmanaged)}`);
  return `${lines.join("\n")}\n`;
}
