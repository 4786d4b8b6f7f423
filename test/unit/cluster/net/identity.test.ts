// Identity validation and the multicast option checks, both pure.

import { expect, test } from "bun:test";
import { parseIdentity } from "../../../../src/cluster/net/identity.ts";
import { checkMulticastOptions, multicastInterface } from "../../../../src/cluster/net/multicast.ts";
import { identity } from "./helpers.ts";

test.each([
  ["a whole identity", identity("a", 1), identity("a", 1)],
  ["a string", "x", "identity is not an object"],
  ["a list", [], "identity is not an object"],
  ["a numeric nick", { ...identity("a", 1), nick: 3 }, "identity field 'nick' is not a string"],
  ["an empty identifier", { ...identity("a", 1), identifier: "" }, "identity field 'identifier' is empty"],
  ["a huge host", { ...identity("a", 1), host: "h".repeat(600) }, "identity field 'host' is longer than 512 characters"],
  ["a port out of range", { ...identity("a", 1), httpPort: 70000 }, "identity field 'httpPort' is not a port number"],
  ["numeric stereotypes", { ...identity("a", 1), stereotypes: [1] }, "identity field 'stereotypes' is not a list of strings"],
] as [string, unknown, ReturnType<typeof parseIdentity>][])("parseIdentity: %s", (_, value, expected) => {
  expect(parseIdentity(value)).toEqual(expected);
});

test("parseIdentity drops unknown fields", () => {
  expect(parseIdentity({ ...identity("a", 1), extra: true })).toEqual(identity("a", 1));
});

test("multicast interface: configured, else the local IPv4 host, else a clear refusal", () => {
  expect(multicastInterface("127.0.0.1", "node-1")).toBe("127.0.0.1");
  expect(multicastInterface(undefined, "10.1.2.3")).toBe("10.1.2.3");
  expect(() => multicastInterface(undefined, "node-1")).toThrow(
    "multicast_interface is not set and the local host 'node-1' is not an IPv4 address: set multicast_interface to the IPv4 address of the interface discovery should use",
  );
  expect(() => multicastInterface(undefined, "::1")).toThrow("is not an IPv4 address");
  expect(() => multicastInterface("eth0", "10.1.2.3")).toThrow("multicast_interface 'eth0' is not an IPv4 address");
});

test("multicast group, port and TTL are checked", () => {
  expect(() => checkMulticastOptions("239.0.0.1", 60000, 1)).not.toThrow();
  expect(() => checkMulticastOptions("10.0.0.1", 60000, 1)).toThrow("multicast_group '10.0.0.1' is not an IPv4 multicast address");
  expect(() => checkMulticastOptions("239.0.0.1", 0, 1)).toThrow("multicast port 0 is not a port number");
  expect(() => checkMulticastOptions("239.0.0.1", 60000, 0)).toThrow("multicast_ttl 0 must be an integer from 1 to 255");
});
