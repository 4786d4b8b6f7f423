// Requests a browser sends on behalf of another site are refused when they change something.

import { describe, expect, test } from "bun:test";
import { crossSiteRefusal } from "../../../src/api/http/cross-site.ts";

describe("crossSiteRefusal", () => {
  const host = { host: "127.0.0.1:9011" };

  test.each([
    ["POST", "/RPC2", { "sec-fetch-site": "cross-site" }, "Sec-Fetch-Site: cross-site"],
    ["POST", "/supervisor/shutdown", { "sec-fetch-site": "same-site" }, "Sec-Fetch-Site: same-site"],
    ["GET", "/index.html?action=sup_shutdown", { "sec-fetch-site": "cross-site" }, "Sec-Fetch-Site: cross-site"],
    ["POST", "/RPC2", { ...host, origin: "http://evil.example" }, "Origin: http://evil.example"],
    ["POST", "/RPC2", { ...host, origin: "null" }, "Origin: null"],
  ])("%s %s with %j is refused", (method, url, headers, reason) => {
    expect(crossSiteRefusal(method, url, headers)).toBe(reason);
  });

  test.each([
    ["POST", "/RPC2", {}],
    ["POST", "/RPC2", { "sec-fetch-site": "same-origin", ...host, origin: "https://proxy.example" }],
    ["GET", "/index.html?action=sup_shutdown", { "sec-fetch-site": "none" }],
    ["POST", "/supervisor/startProcess/x", { ...host, origin: "http://127.0.0.1:9011" }],
    ["GET", "/index.html", { "sec-fetch-site": "cross-site" }],
    ["GET", "/metrics", { "sec-fetch-site": "cross-site" }],
  ])("%s %s with %j goes through", (method, url, headers) => {
    expect(crossSiteRefusal(method, url, headers)).toBeNull();
  });

  test("a request from another instance of the cluster goes through; from elsewhere it does not", () => {
    const cluster = (hostPort: string) => hostPort === "127.0.0.1:9021";
    const fromBeta = { "sec-fetch-site": "same-site", referer: "http://127.0.0.1:9021/conciliation.html" };
    expect(crossSiteRefusal("GET", "/index.html?action=sup_restart", fromBeta, cluster)).toBeNull();
    expect(crossSiteRefusal("POST", "/RPC2", { "sec-fetch-site": "cross-site", origin: "http://127.0.0.1:9021" }, cluster)).toBeNull();
    const fromElsewhere = { "sec-fetch-site": "same-site", referer: "http://127.0.0.1:8080/evil.html" };
    expect(crossSiteRefusal("GET", "/index.html?action=sup_restart", fromElsewhere, cluster)).toBe("Sec-Fetch-Site: same-site");
  });
});
