// SUPERVISOR_SERVER_URL given to children whose serverurl is AUTO (CFG-UH-05): the unix socket
// when there is one, else the inet server with `localhost` for an empty host.

import type { SupervisordConfig } from "../config/model.ts";

export function childServerUrl(config: SupervisordConfig): string | null {
  const unix = config.unixServer;
  if (unix?.kind === "unix") return `unix://${unix.file}`;
  const inet = config.inetServer;
  if (inet?.kind === "inet") return `http://${inet.host === "" || inet.host === "*" ? "localhost" : inet.host}:${inet.port}`;
  return null;
}
