// With loglevel=debug, supervisord writes each piece of child output to its main log as a DEBG
// record ('name' stdout output:\n<text>, `Undecodable: b'...'` for bytes that are not UTF-8; an
// event listener's as the raw bytes' repr). Compared with Debian's supervisord on the same file;
// at loglevel=info nothing of the kind is written.

import { afterAll, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cleanup, freePorts, missingClient, startDaemon, stopDaemon, tempDir, waitFor, writeConfig, SUPERVISORD } from "./harness.ts";

afterAll(cleanup);

const BODY = `
[program:talk]
command=sh -c 'printf "hi\\\\n\\\\377x\\\\n"; exec sleep 100'
startsecs=0

[eventlistener:watch]
command=sh -c 'printf "READY\\\\n"; exec sleep 100'
events=TICK_60
`;

/** The DEBG output records of a main log: header line and the text after it. */
function echoes(log: string): string[] {
  return [...log.matchAll(/DEBG ('[a-z]+' stdout output:\n[^\n]*)/g)].map((m) => m[1]!).sort();
}

async function run(kind: "flotilla" | "supervisord", loglevel: string, port: number): Promise<string> {
  const dir = tempDir(`echo-${kind}-${loglevel}`);
  const conf = writeConfig({ dir, port, body: BODY, extraSupervisord: `loglevel=${loglevel}` });
  const daemon = await startDaemon(kind, conf, dir, port);
  const log = join(dir, "main.log");
  // At debug the two records are awaited; at info, a second after both started (the listener's
  // startsecs), the output was long read and would have been echoed.
  await waitFor("the output read", () => {
    const text = readFileSync(log, "utf8");
    return loglevel === "debug" ? echoes(text).length === 2 : text.includes("success: watch entered RUNNING");
  });
  await stopDaemon(daemon);
  return readFileSync(log, "utf8");
}

test("loglevel=debug echoes child output as supervisord does; info does not", async () => {
  const [p1, p2, p3] = await freePorts(3);
  const ours = echoes(await run("flotilla", "debug", p1!));
  expect(ours).toEqual(["'talk' stdout output:\nUndecodable: b'hi\\n\\xffx\\n'", "'watch' stdout output:\nb'READY\\n'"]);
  expect(echoes(await run("flotilla", "info", p2!))).toEqual([]);
  if (missingClient(SUPERVISORD) !== null) return console.warn("skipped: the comparison with supervisord — /usr/bin/supervisord is not installed");
  expect(echoes(await run("supervisord", "debug", p3!))).toEqual(ours);
});
