// supervisorctl over the inet port and the unix socket, without and with authentication (plain and
// {SHA} passwords): flotilla must answer as supervisord does, wrong credentials included.

import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { createHash } from "node:crypto";
import { spawn } from "node:child_process";
import { join } from "node:path";
import {
  cleanup,
  freePort,
  missingClient,
  normalise,
  runAsync,
  startDaemon,
  tempDir,
  waitFor,
  writeConfig,
  SUPERVISORCTL,
  SUPERVISORD,
  type DaemonHandle,
} from "./harness.ts";

// Each supervisorctl run is ~0.4 s of Python start-up CPU: seconds of wall time on a loaded
// machine, where bun's 60 s cut these tests off (and killed the daemons the next ones needed).
// Bounded all the same.
setDefaultTimeout(240_000);
/** Deadline of the waits whose every check is a supervisorctl run, or its start. */
const CLIENT_MS = 60_000;

const skipReason = missingClient(SUPERVISORD, SUPERVISORCTL);
if (skipReason) console.warn(`skipped transport and auth tests: ${skipReason}`);

const BODY = `
[program:talker]
command=sh -c "echo hello-stdout; echo hello-stderr >&2; exec sleep 100000"
startsecs=0
`;

type Variant = { name: string; auth?: { username: string; password: string }; login?: { username: string; password: string } };
const sha = (s: string) => `{SHA}${createHash("sha1").update(s).digest("hex")}`;
const VARIANTS: Variant[] = [
  { name: "no auth" },
  { name: "plain password", auth: { username: "admin", password: "s3cret" }, login: { username: "admin", password: "s3cret" } },
  { name: "{SHA} password", auth: { username: "admin", password: sha("s3cret") }, login: { username: "admin", password: "s3cret" } },
];

describe.skipIf(skipReason !== null)("supervisorctl over http and unix, with and without auth", () => {
  for (const variant of VARIANTS) {
    describe(variant.name, () => {
      const daemons: DaemonHandle[] = [];

      beforeAll(async () => {
        for (const kind of ["flotilla", "supervisord"] as const) {
          const dir = tempDir(`auth-${kind}`);
          const port = await freePort();
          const conf = writeConfig({ dir, port, body: BODY, unix: true, auth: variant.auth });
          daemons.push(await startDaemon(kind, conf, dir, port));
        }
      });
      afterAll(cleanup);

      const urls = (d: DaemonHandle) => [d.url, `unix://${join(d.dir, "s.sock")}`];
      /** supervisorctl without blocking this process; flotilla's and supervisord's run at once. */
      const sctl = (url: string, login: Variant["login"] | null, ...args: string[]) =>
        runAsync(SUPERVISORCTL, ["-s", url, ...(login ? ["-u", login.username, "-p", login.password] : []), ...args], CLIENT_MS);

      test("status and tail answer the same over both transports", async () => {
        const [fl, sd] = daemons;
        for (const d of daemons) {
          await waitFor(
            `${d.kind} talker output`,
            async () => (await sctl(d.url, variant.login ?? null, "tail", "talker", "stderr")).stdout.includes("hello-stderr"),
            CLIENT_MS,
          );
        }
        for (const i of [0, 1]) {
          for (const args of [["status"], ["tail", "talker"], ["tail", "talker", "stderr"], ["pid", "talker"]]) {
            const [a, b] = await Promise.all([sctl(urls(fl)[i], variant.login ?? null, ...args), sctl(urls(sd)[i], variant.login ?? null, ...args)]);
            expect({ args, i, out: normalise(a.stdout), code: a.code }).toEqual({ args, i, out: normalise(b.stdout), code: b.code });
          }
        }
      });

      if (variant.auth) test("wrong or missing credentials are refused the same way", async () => {
        const [fl, sd] = daemons;
        for (const i of [0, 1]) {
          for (const login of [{ username: "admin", password: "wrong" }, null]) {
            const [a, b] = await Promise.all([sctl(urls(fl)[i], login, "status"), sctl(urls(sd)[i], login, "status")]);
            const shape = (s: string) => s.replace(urls(fl)[i], "URL").replace(urls(sd)[i], "URL");
            expect({ login, out: shape(a.stdout), code: a.code }).toEqual({ login, out: shape(b.stdout), code: b.code });
          }
        }
      });

      test("tail -f and maintail -f stream over both transports", async () => {
        const fl = daemons[0];
        const streams: [string[], string][] = [
          [["tail", "-f", "talker"], "hello-stdout"],
          [["maintail", "-f"], "spawned: 'talker'"],
        ];
        for (const url of urls(fl)) {
          for (const [command, expected] of streams) {
            const args = ["-s", url, ...(variant.login ? ["-u", variant.login.username, "-p", variant.login.password] : []), ...command];
            const child = spawn(SUPERVISORCTL, args, { stdio: ["ignore", "pipe", "pipe"] });
            let out = "";
            child.stdout.on("data", (d) => (out += d));
            try {
              await waitFor(`${command.join(" ")} over ${url}`, () => out.includes(expected), CLIENT_MS);
            } finally {
              child.kill("SIGKILL");
            }
            expect(out).toContain("==> Press Ctrl-C to exit <==");
          }
        }
      });
    });
  }
});
