// The `[supervisorctl]` section (CFG-CT). supervisorctl reads only the main file (it ignores
// `[include]`), with `here` and the process environment (not `[supervisord] environment`) for
// `serverurl` and `history_file`, and the environment alone for the other options.

import type { LoadContext } from "./context.ts";
import type { CtlConfig } from "./model.ts";
import { normalizePath } from "./paths.ts";
import { SectionReader, type Names } from "./section.ts";

export const DEFAULT_CTL: Readonly<CtlConfig> = Object.freeze({
  serverurl: "http://localhost:9001",
  username: null,
  password: null,
  prompt: "supervisor",
  historyFile: null,
});

/** `reader` is null when the main file has no `[supervisorctl]` section: defaults apply. */
export function readCtl(reader: SectionReader | null, processEnvNames: Names, ctx: LoadContext): CtlConfig {
  if (reader === null) return { ...DEFAULT_CTL };
  const withHere: Names = { ...processEnvNames, here: ctx.here };
  let serverurl = reader.stringOr("serverurl", withHere, DEFAULT_CTL.serverurl);
  if (serverurl.startsWith("unix://")) serverurl = `unix://${normalizePath(serverurl.slice(7), ctx)}`;
  const prompt = reader.stringOr("prompt", processEnvNames, DEFAULT_CTL.prompt);
  const username = reader.string("username", processEnvNames);
  const password = reader.string("password", processEnvNames);
  const history = reader.string("history_file", withHere);
  // An empty history_file means none, as in supervisorctl.
  const historyFile = history ? normalizePath(history, ctx) : null;
  return { serverurl, username, password, prompt, historyFile };
}
