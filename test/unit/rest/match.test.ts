// Route matching: converters as Werkzeug applies them (int, signed int, float with its decimal
// point, fixed name lists), URL-decoding per segment, paths that are not the REST API's, 404 and
// 405 with Allow, OPTIONS and HEAD.

import { describe, expect, test } from "bun:test";
import { allowedMethods, fitsConverter, matchRequest, splitPath } from "../../../src/api/rest/match.ts";
import { REST_ROUTES } from "../../../src/api/rest/routes.ts";
import { LOG_LEVEL_NAMES } from "../../../src/api/rest/route-model.ts";

const match = (method: string, path: string) => matchRequest(REST_ROUTES, method, path);
const idOf = (method: string, path: string) => {
  const m = match(method, path);
  return m.kind === "found" ? m.route.id : m.kind;
};

describe("converters", () => {
  test.each([
    [{ kind: "int", signed: false } as const, ["0", "007", "123"], ["-1", "1.0", "", "1e3", " 1", "x"]],
    [{ kind: "int", signed: true } as const, ["0", "-1", "-007", "42"], ["--1", "+1", "1.5", "-", ""]],
    [{ kind: "float" } as const, ["5.0", "0.25", "10.00"], ["5", "-5.0", ".5", "5.", "1e3", "5.0.1", ""]],
    [{ kind: "string" } as const, ["a", "grp:proc", " "], [""]],
    [{ kind: "enum", values: ["CONFIG", "LOCAL"] } as const, ["CONFIG", "LOCAL"], ["config", "Local", "LESS", ""]],
  ])("%o", (converter, good, bad) => {
    for (const text of good) expect({ text, fits: fitsConverter(converter, text) }).toEqual({ text, fits: true });
    for (const text of bad) expect({ text, fits: fitsConverter(converter, text) }).toEqual({ text, fits: false });
  });

  test("REST-106: a period without a decimal point matches no route", () => {
    expect(idOf("POST", "/supvisors/update_collecting_period/5.0")).toBe("REST-106");
    expect(idOf("POST", "/supvisors/update_collecting_period/5")).toBe("not-found");
  });

  test("strategies: starting names for jobs, conciliation names for conciliate, nothing else", () => {
    expect(idOf("POST", "/supvisors/start_application/LESS_LOADED/app")).toBe("REST-81");
    expect(idOf("POST", "/supvisors/start_application/less_loaded/app")).toBe("not-found");
    expect(idOf("POST", "/supvisors/start_application/SENICIDE/app")).toBe("not-found");
    expect(idOf("POST", "/supvisors/start_application/1/app")).toBe("not-found");
    expect(idOf("POST", "/supvisors/conciliate/INFANTICIDE")).toBe("REST-95");
    expect(idOf("POST", "/supvisors/conciliate/RUNNING_FAILURE")).toBe("REST-95");
    expect(idOf("POST", "/supvisors/conciliate/CONFIG")).toBe("not-found");
  });

  test("log levels: the seven lower-case names", () => {
    expect(LOG_LEVEL_NAMES).toEqual(["critical", "error", "warn", "info", "debug", "trace", "blather"]);
    for (const level of LOG_LEVEL_NAMES) expect(idOf("POST", `/supvisors/change_log_level/${level}`)).toBe("REST-101");
    expect(idOf("POST", "/supvisors/change_log_level/DEBUG")).toBe("not-found");
    expect(idOf("POST", "/supvisors/change_log_level/warning")).toBe("not-found");
  });

  test("unsigned offsets for tails, signed for reads", () => {
    expect(idOf("GET", "/supervisor/readProcessStdoutLog/p/-5/0")).toBe("REST-44");
    expect(idOf("GET", "/supervisor/tailProcessStdoutLog/p/-5/0")).toBe("not-found");
    expect(idOf("GET", "/supervisor/readLog/0/-1")).toBe("not-found");
  });
});

describe("path segments", () => {
  test("each segment is URL-decoded on its own: %3A is ':', %2F stays inside its segment", () => {
    expect(splitPath("/supervisor/getProcessInfo/grp%3Aproc")).toEqual(["supervisor", "getProcessInfo", "grp:proc"]);
    const m = match("GET", "/supervisor/getProcessInfo/a%2Fb");
    expect(m.kind === "found" && m.values.get("name")).toBe("a/b");
  });

  test("malformed percent-encoding is a bad path", () => {
    expect(match("GET", "/supervisor/getProcessInfo/%zz")).toEqual({ kind: "bad-path", message: 'malformed percent-encoding in path segment "%zz"' });
  });

  test("empty segments and trailing slashes match nothing", () => {
    expect(idOf("GET", "/supervisor/getProcessInfo/")).toBe("not-found");
    expect(idOf("GET", "/supervisor/getState/")).toBe("not-found");
    expect(idOf("GET", "/supervisor//getState")).toBe("not-found");
  });

  test("paths outside the three namespaces are not the REST API's", () => {
    for (const path of ["/", "/index.html", "/metrics", "/supervisors/x", "/RPC2", "/events"]) {
      expect({ path, kind: match("GET", path).kind }).toEqual({ path, kind: "not-rest" });
    }
  });

  test("unknown names under a namespace are 404, even REST-07's hidden methods", () => {
    for (const path of ["/system", "/supervisor/", "/supvisors/nothing", "/system/multicall", "/supervisor/getVersion", "/supervisor/readMainLog"]) {
      expect({ path, kind: match("GET", path).kind }).toEqual({ path, kind: "not-found" });
    }
  });

  test("end_sync with and without an identifier are two routes", () => {
    expect(idOf("POST", "/supvisors/end_sync")).toBe("REST-99");
    expect(idOf("POST", "/supvisors/end_sync/alpha")).toBe("REST-100");
  });
});

describe("HTTP methods", () => {
  test("HEAD is GET without a body, OPTIONS lists the methods", () => {
    expect(idOf("HEAD", "/supervisor/getState")).toBe("REST-23");
    expect(match("OPTIONS", "/supervisor/getState")).toEqual({ kind: "options", allow: ["GET", "HEAD", "OPTIONS"], template: "/supervisor/getState" });
    expect(match("OPTIONS", "/supervisor/shutdown")).toEqual({ kind: "options", allow: ["OPTIONS", "POST"], template: "/supervisor/shutdown" });
  });

  test("another method on a known path is 405 with its Allow list", () => {
    expect(match("DELETE", "/supvisors/conflicts")).toEqual({ kind: "method-not-allowed", allow: ["GET", "HEAD", "OPTIONS"], template: "/supvisors/conflicts" });
    expect(match("GET", "/supvisors/restart")).toEqual({ kind: "method-not-allowed", allow: ["OPTIONS", "POST"], template: "/supvisors/restart" });
  });

  test("allowedMethods merges, adds HEAD to GET and OPTIONS always", () => {
    expect(allowedMethods(["POST", "GET"])).toEqual(["GET", "HEAD", "OPTIONS", "POST"]);
    expect(allowedMethods([])).toEqual(["OPTIONS"]);
  });
});
