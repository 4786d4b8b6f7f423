// Runs the ctl in-process against a fake server and collects what it printed.

import { runCtl, type CtlIo } from "../../../src/cli/ctl/index.ts";
import type { FakeServer } from "./fake-client.ts";

export interface CtlRun {
  code: number;
  out: string;
  err: string;
}

export const URL = "http://127.0.0.1:9001";

/** One-shot or shell run; `input` is what stdin holds (null: no stdin at all). */
export async function ctl(
  server: FakeServer,
  argv: string[],
  input: string | null = null,
  extra: Partial<CtlIo> = {},
  watch?: (outSoFar: string) => void,
): Promise<CtlRun> {
  let out = "";
  let err = "";
  const stdin = input === null ? null : (async function* () {
    yield input;
  })();
  const code = await runCtl(
    argv,
    { stdout: (s) => { out += s; watch?.(out); }, stderr: (s) => (err += s), stdin, isTTY: false, ...extra },
    { makeClient: server.factory, searchPaths: [], watchSigint: false, progname: "supervisorctl", env: {} },
  );
  return { code, out, err };
}

/** One command against URL. */
export function oneShot(server: FakeServer, line: string): Promise<CtlRun> {
  return ctl(server, ["-s", URL, ...line.split(" ")]);
}
