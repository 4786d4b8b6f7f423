// `flotilla check -c FILE`: loads the configuration as the daemon would and prints what it
// resolved to, or the error (file:line, section, option) and exit status 2.

import { findDefaultConfig, loadConfig } from "../config/index.ts";
import { ConfigError } from "../config/model.ts";
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
    return 0;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`Error: ${err.message}\n`);
    return 2;
  }
}
