// The real Debian supervisorctl against our servers: `maintail -f` and `tail -f` over inet and
// the unix socket, with and without Basic auth. It sends a stray CRLF after its headers and an
// empty Host over the unix socket, which is why the servers run on node:http.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { appendFileSync, existsSync, writeFileSync } from "node:fs";
import { startHttpServers, type HttpServers } from "../../../src/api/http/index.ts";
import { fakeLogs, inetConfig, tempDir, testRegistry, unixConfig, waitFor } from "./helpers.ts";

const CTL = "/usr/bin/supervisorctl";
const missing = existsSync(CTL) ? null : `${CTL} is not installed (Debian package "supervisor")`;
if (missing !== null) console.warn(`skipping real-supervisorctl tests: ${missing}`);

/** Runs supervisorctl in the background, collecting its stdout. */
function spawnCtl(args: string[]): { output: () => string; stop: () => Promise<void> } {
  const proc = Bun.spawn([CTL, ...args], { stdout: "pipe", stderr: "pipe", stdin: "ignore" });
  let out = "";
  const reader = (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of proc.stdout) out += decoder.decode(chunk, { stream: true });
  })();
  return {
    output: () => out,
    stop: async () => {
      proc.kill();
      await proc.exited;
      await reader;
    },
  };
}

describe.skipIf(missing !== null)("real supervisorctl", () => {
  const tmp = tempDir();
  const main = `${tmp.dir}/supervisord.log`;
  const web = `${tmp.dir}/web-stdout.log`;
  const openSock = `${tmp.dir}/open.sock`;
  const authSock = `${tmp.dir}/auth.sock`;
  let open: HttpServers;
  let authed: HttpServers;

  beforeAll(async () => {
    writeFileSync(main, "boot line\n");
    writeFileSync(web, "web line\n");
    const logs = fakeLogs({ "grp:web/stdout": web }, main);
    open = await startHttpServers({ inet: inetConfig(), unix: unixConfig(openSock), registry: testRegistry(() => main), logs });
    const creds = { username: "admin", password: "{SHA}" + new Bun.CryptoHasher("sha1").update("s3cret").digest("hex") };
    authed = await startHttpServers({
      inet: inetConfig(creds),
      unix: unixConfig(authSock, creds),
      registry: testRegistry(() => main),
      logs,
    });
  });
  afterAll(async () => {
    await open.close();
    await authed.close();
    tmp.cleanup();
  });

  /** Starts a follow command, appends a unique line, waits for it on the client's stdout. */
  async function follows(args: string[], file: string, first: string): Promise<void> {
    const ctl = spawnCtl(args);
    try {
      await waitFor(() => ctl.output().includes(first), `${args.join(" ")} to print the existing log`, 10_000);
      const marker = `appended ${Math.random().toString(36).slice(2)}\n`;
      appendFileSync(file, marker);
      await waitFor(() => ctl.output().includes(marker), `${args.join(" ")} to print the appended line`, 10_000);
      expect(ctl.output()).toContain("==> Press Ctrl-C to exit <==");
    } finally {
      await ctl.stop();
    }
  }

  test("maintail -f over inet", async () => {
    await follows(["-s", `http://127.0.0.1:${open.inetAddress!.port}`, "maintail", "-f"], main, "boot line");
  });

  test("maintail -f over the unix socket", async () => {
    await follows(["-s", `unix://${openSock}`, "maintail", "-f"], main, "boot line");
  });

  test("tail -f group:process over inet", async () => {
    await follows(["-s", `http://127.0.0.1:${open.inetAddress!.port}`, "tail", "-f", "grp:web"], web, "web line");
  });

  test("maintail -f with -u/-p over inet ({SHA} password) and over the unix socket", async () => {
    const auth = ["-u", "admin", "-p", "s3cret"];
    await follows(["-s", `http://127.0.0.1:${authed.inetAddress!.port}`, ...auth, "maintail", "-f"], main, "boot line");
    await follows(["-s", `unix://${authSock}`, ...auth, "maintail", "-f"], main, "boot line");
  });

  test("maintail (no -f) calls readLog through XML-RPC", async () => {
    const ctl = spawnCtl(["-s", `http://127.0.0.1:${open.inetAddress!.port}`, "maintail"]);
    await waitFor(() => ctl.output().includes("boot line"), "maintail output", 10_000);
    await ctl.stop();
  });

  test("wrong password: supervisorctl reports a 401", async () => {
    const proc = Bun.spawn([CTL, "-s", `http://127.0.0.1:${authed.inetAddress!.port}`, "-u", "admin", "-p", "bad", "maintail"], {
      stdout: "pipe",
      stderr: "pipe",
      stdin: "ignore",
    });
    const out = await new Response(proc.stdout).text();
    await proc.exited;
    expect(out).toContain("Server requires authentication");
  });
});
