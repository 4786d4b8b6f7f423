// The REST API of the compiled binary, on the instance's own HTTP port behind its Basic auth: 401
// without credentials, getState, a process started and stopped with ?wait, a fault relayed as 400
// with the exact faultString real supervisord gives over XML-RPC, the same door over the unix
// socket, a 1-instance Supvisors cluster's routes, /openapi.json and the /api/ page — whose form
// is also tried in chromium, with the browser's own Basic credentials.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { browserMissing, launchBrowser } from "./browser.ts";
import { cleanup, freePort, missingClient, startDaemon, SUPERVISORD, tempDir, waitFor, writeConfig, type DaemonHandle } from "./harness.ts";
import { RpcFault } from "../../src/api/faults.ts";
import { XmlRpcTestClient } from "./rpc-client.ts";

const AUTH = { username: "admin", password: "s3cret" };
const AUTH_HEADER = { authorization: `Basic ${btoa(`${AUTH.username}:${AUTH.password}`)}` };

const BODY = `
[program:sleeper]
command=sleep 100000
autostart=false
startsecs=1
stopwaitsecs=5
`;

async function rest(d: DaemonHandle, method: string, path: string, auth = true): Promise<{ status: number; body: unknown; res: Response }> {
  const res = await fetch(`${d.url}${path}`, { method, headers: auth ? AUTH_HEADER : {} });
  const text = await res.text();
  let body: unknown = text;
  if ((res.headers.get("content-type") ?? "").startsWith("application/json")) body = JSON.parse(text);
  return { status: res.status, body, res };
}

/** The faultString an XML-RPC call fails with, or "no fault". */
async function rpcFault(rpc: XmlRpcTestClient, method: string, ...params: (string | boolean)[]): Promise<string> {
  try {
    await rpc.call(method, ...params);
  } catch (err) {
    if (err instanceof RpcFault) return err.faultString;
    throw err;
  }
  return "no fault";
}

const stateOf = async (d: DaemonHandle, name: string) =>
  ((await rest(d, "GET", `/supervisor/getProcessInfo/${encodeURIComponent(name)}`)).body as { statename: string }).statename;

describe("REST on a plain instance with Basic auth", () => {
  let d: DaemonHandle;

  beforeAll(async () => {
    const dir = tempDir("rest");
    const port = await freePort();
    d = await startDaemon("flotilla", writeConfig({ dir, port, body: BODY, auth: AUTH, unix: true }), dir, port);
  });
  afterAll(cleanup);

  test("401 with the Basic challenge before anything, documents included", async () => {
    for (const path of ["/supervisor/getState", "/supvisors/supvisors_state", "/openapi.json", "/api/", "/nothing"]) {
      const { status, res } = await rest(d, "GET", path, false);
      expect({ path, status, challenge: res.headers.get("www-authenticate") }).toEqual({ path, status: 401, challenge: 'Basic realm="default"' });
    }
  });

  test("getState", async () => {
    expect(await rest(d, "GET", "/supervisor/getState")).toMatchObject({ status: 200, body: { statecode: 1, statename: "RUNNING" } });
  });

  test("start and stop a process with ?wait", async () => {
    expect(await rest(d, "POST", "/supervisor/startProcess/sleeper?wait=true")).toMatchObject({ status: 200, body: true });
    // wait=true returned after startsecs: the process is RUNNING already, no polling needed.
    expect(await stateOf(d, "sleeper")).toBe("RUNNING");
    expect(await rest(d, "POST", "/supervisor/stopProcess/sleeper%3Asleeper?wait=1")).toMatchObject({ status: 200, body: true });
    expect(await stateOf(d, "sleeper")).toBe("STOPPED");
    // wait=false answers at once, while the process is still STARTING.
    expect(await rest(d, "POST", "/supervisor/startProcess/sleeper?wait=false")).toMatchObject({ status: 200, body: true });
    expect(await stateOf(d, "sleeper")).toBe("STARTING");
    await waitFor("sleeper RUNNING", async () => (await stateOf(d, "sleeper")) === "RUNNING");
    expect(await rest(d, "POST", "/supervisor/stopProcess/sleeper")).toMatchObject({ status: 200, body: true });
  });

  test("a bad wait value is 400 naming it", async () => {
    expect(await rest(d, "POST", "/supervisor/startProcess/sleeper?wait=soon")).toMatchObject({
      status: 400,
      body: { message: "Input payload validation failed", errors: { wait: 'invalid boolean "soon": use true, false, 1 or 0' } },
    });
  });

  test("faults are 400 {message, code}; the XML-RPC door gives the same fault", async () => {
    const rpc = new XmlRpcTestClient(d.url, AUTH);
    const { status, body } = await rest(d, "POST", "/supervisor/startProcess/nosuch");
    expect({ status, body }).toEqual({ status: 400, body: { message: "BAD_NAME: nosuch", code: 10 } });
    expect(await rpcFault(rpc, "supervisor.startProcess", "nosuch", true)).toBe("BAD_NAME: nosuch");
    expect(await rest(d, "POST", "/supervisor/stopProcess/sleeper")).toMatchObject({ status: 400, body: { message: "NOT_RUNNING: sleeper", code: 70 } });
  });

  test("404 and 405 in JSON; supvisors routes absent without a Supvisors section", async () => {
    expect((await rest(d, "GET", "/supervisor/nothing")).status).toBe(404);
    const wrong = await rest(d, "GET", "/supervisor/shutdown");
    expect({ status: wrong.status, allow: wrong.res.headers.get("allow") }).toEqual({ status: 405, allow: "OPTIONS, POST" });
    expect(await rest(d, "GET", "/supvisors/supvisors_state")).toMatchObject({
      status: 404,
      body: { message: "supvisors.get_supvisors_state is not available on this instance: its configuration has no [rpcinterface:supvisors] (or [supvisors]) section" },
    });
  });

  test("the same door over the unix socket", async () => {
    const res = await fetch("http://localhost/supervisor/getIdentification", { unix: join(d.dir, "s.sock"), headers: AUTH_HEADER } as RequestInit);
    expect({ status: res.status, body: await res.json() }).toEqual({ status: 200, body: "supervisor" });
  });

  test("/openapi.json, /api/ and the /api redirect", async () => {
    const doc = await rest(d, "GET", "/openapi.json");
    expect(doc.status).toBe(200);
    expect((doc.body as { openapi: string }).openapi).toBe("3.1.0");
    expect(Object.keys((doc.body as { paths: object }).paths)).toContain("/supervisor/startProcess/{name}");
    const page = await rest(d, "GET", "/api/");
    expect(page.status).toBe(200);
    expect(page.body as string).toContain('data-template="/supervisor/getState"');
    const redirect = await fetch(`${d.url}/api`, { headers: AUTH_HEADER, redirect: "manual" });
    expect({ status: redirect.status, location: redirect.headers.get("location") }).toEqual({ status: 308, location: "/api/" });
  });

  const noBrowser = browserMissing();
  test.skipIf(noBrowser !== null)("the /api/ page's form sends the request with the browser's Basic credentials", async () => {
    const browser = await launchBrowser();
    try {
      const context = await browser.newContext({ httpCredentials: AUTH });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (err) => errors.push(err.message));
      page.on("console", (msg) => {
        if (msg.type() === "error") errors.push(msg.text());
      });
      await page.goto(`${d.url}/api/`);
      const section = page.locator("details#REST-42");
      await section.locator("summary").click();
      await section.locator('input[name="name"]').fill("sleeper");
      await section.locator("button").click();
      const status = section.locator(".answer .status");
      await status.getByText("200 OK").waitFor({ timeout: 10_000 });
      expect(await status.textContent()).toBe("GET /supervisor/getProcessInfo/sleeper → 200 OK");
      expect(JSON.parse((await section.locator(".answer pre").textContent())!)).toMatchObject({ name: "sleeper", group: "sleeper" });
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

const noSupervisord = missingClient(SUPERVISORD);
describe.skipIf(noSupervisord !== null)("fault texts against Debian's supervisord", () => {
  afterAll(cleanup);

  test("BAD_NAME and NOT_RUNNING read the same as supervisord's XML-RPC faults", async () => {
    const dir = tempDir("rest-sd");
    const port = await freePort();
    const sd = await startDaemon("supervisord", writeConfig({ dir, port, body: BODY, auth: AUTH }), dir, port);
    const rpc = new XmlRpcTestClient(sd.url, AUTH);
    expect(await rpcFault(rpc, "supervisor.startProcess", "nosuch", true)).toBe("BAD_NAME: nosuch");
    expect(await rpcFault(rpc, "supervisor.stopProcess", "sleeper", true)).toBe("NOT_RUNNING: sleeper");
  });
});

describe("REST on a 1-instance Supvisors cluster with Basic auth", () => {
  let d: DaemonHandle;

  beforeAll(async () => {
    const dir = tempDir("rest-sv");
    const port = await freePort();
    const body = `[supvisors]\nsupvisors_list = <solo>127.0.0.1:${port}\ntick_period = 0.2\ninactivity_ticks = 3\n\n${BODY}`;
    d = await startDaemon("flotilla", writeConfig({ dir, port, body, auth: AUTH }), dir, port);
  });
  afterAll(cleanup);

  test("supvisors_state reaches OPERATION, api_version answers", async () => {
    await waitFor("OPERATION over REST", async () => {
      const { body } = await rest(d, "GET", "/supvisors/supvisors_state");
      return (body as { fsm_statename?: string }).fsm_statename === "OPERATION";
    });
    expect(await rest(d, "GET", "/supvisors/api_version")).toMatchObject({ status: 200 });
    expect(await rest(d, "GET", "/supvisors/master_identifier")).toMatchObject({ status: 200, body: { nick_identifier: "solo" } });
  });

  test("a cluster job with ?wait, then its fault when repeated", async () => {
    expect(await rest(d, "POST", "/supvisors/start_process/CONFIG/sleeper?wait=true")).toMatchObject({ status: 200, body: true });
    expect(await stateOf(d, "sleeper")).toBe("RUNNING");
    const again = await rest(d, "POST", "/supvisors/start_process/LESS_LOADED/sleeper%3Asleeper");
    expect(again).toMatchObject({ status: 400, body: { code: 60 } });
    expect((again.body as { message: string }).message).toStartWith("ALREADY_STARTED: ");
    expect(await rest(d, "POST", "/supvisors/stop_process/sleeper?wait=true")).toMatchObject({ status: 200, body: true });
  });

  test("faults and converters on supvisors routes", async () => {
    expect(await rest(d, "GET", "/supvisors/application_info/dummy")).toMatchObject({
      status: 400,
      body: { message: "BAD_NAME: application=dummy unknown to Supvisors", code: 10 },
    });
    expect((await rest(d, "POST", "/supvisors/start_application/BOGUS/dummy")).status).toBe(404);
    expect((await rest(d, "POST", "/supvisors/update_collecting_period/5")).status).toBe(404);
  });

  test("the OpenAPI document lists the supvisors routes here", async () => {
    const { body } = await rest(d, "GET", "/openapi.json");
    expect((body as { tags: { name: string }[] }).tags.map((t) => t.name)).toEqual(["system", "supervisor", "supvisors"]);
  });
});
