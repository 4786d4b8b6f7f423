// A chatty program under the compiled daemon with tiny log files: every byte it wrote is in the
// current file and its backups, in order, none lost or doubled across the rotations.

import { afterAll, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { cleanup, freePort, startDaemon, tempDir, waitFor, writeConfig } from "./harness.ts";
import { XmlRpcTestClient } from "./rpc-client.ts";

afterAll(cleanup);

const LINES = 20000;

test("stdout rotated at 16KB with 200 backups keeps every line in order", async () => {
  const dir = tempDir("rotate");
  const port = await freePort();
  const log = join(dir, "chatty.log");
  const conf = writeConfig({
    dir,
    port,
    body: `
[program:chatty]
command=sh -c "i=1; while [ $i -le ${LINES} ]; do echo line-$i; i=$((i+1)); done; exec sleep 100000"
startsecs=0
stdout_logfile=${log}
stdout_logfile_maxbytes=16KB
stdout_logfile_backups=200
`,
  });
  const daemon = await startDaemon("flotilla", conf, dir, port);
  const rpc = new XmlRpcTestClient(daemon.url);
  const readAll = () => {
    const parts: string[] = [];
    for (let i = 200; i >= 1; i--) if (existsSync(`${log}.${i}`)) parts.push(readFileSync(`${log}.${i}`, "utf8"));
    parts.push(readFileSync(log, "utf8"));
    return parts.join("");
  };
  // The last write may itself trigger a rollover, leaving the current file empty: look at all files.
  await waitFor("the last line", () => readAll().endsWith(`line-${LINES}\n`), 30_000);
  const expected = Array.from({ length: LINES }, (_, i) => `line-${i + 1}\n`).join("");
  expect(readAll()).toBe(expected);
  expect(existsSync(`${log}.10`)).toBe(true);
  // The API reads the current file only, as supervisord does.
  expect((await rpc.call("supervisor.readProcessStdoutLog", "chatty", 0, 0)) as string).toBe(readFileSync(log, "utf8"));
});
