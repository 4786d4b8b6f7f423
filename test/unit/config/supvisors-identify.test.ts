// identifyLocalInstance (pure) and localHostFacts (this machine), CFG-SV-03 with Flotilla's rules:
// loopback accepted, several instances per host told apart by port, no name resolution.
import { describe, expect, test } from "bun:test";
import { hostname } from "node:os";
import {
  identifierMismatchWarning,
  identifyLocalInstance,
  isLoopbackHost,
  localHostFacts,
  parseSupvisorsList,
  type DeclaredInstance,
  type LocalIdentity,
} from "../../../src/config/supvisors.ts";

function list(...entries: string[]): DeclaredInstance[] {
  return parseSupvisorsList(entries, { localHttpPort: 61000, eventPort: null });
}

const HOST: Omit<LocalIdentity, "httpPort"> = {
  hostNames: ["node1.example.com", "node1"],
  addresses: ["127.0.0.1", "10.0.0.2", "::1", "fe80::1"],
};

// [name, entries, local http port, identifier, expected identifier]
const FOUND: Array<[string, string[], number, string | undefined, string]> = [
  ["127.0.0.1 entry", ["127.0.0.1:61000", "node2:61000"], 61000, undefined, "127.0.0.1:61000"],
  ["localhost entry", ["node2:61000", "localhost:61001"], 61001, undefined, "localhost:61001"],
  ["other loopback address", ["127.0.1.1:61000", "node2:61000"], 61000, undefined, "127.0.1.1:61000"],
  ["two instances on one host, told apart by port (1)", ["127.0.0.1:61000", "127.0.0.1:61001", "127.0.0.1:61002"], 61001, undefined, "127.0.0.1:61001"],
  ["two instances on one host, told apart by port (2)", ["127.0.0.1:61000", "127.0.0.1:61001", "127.0.0.1:61002"], 61002, undefined, "127.0.0.1:61002"],
  ["short host name, any case", ["NODE1:61000", "node2:61000"], 61000, undefined, "NODE1:61000"],
  ["full host name", ["node1.example.com:61000", "node2.example.com:61000"], 61000, undefined, "node1.example.com:61000"],
  ["interface address", ["10.0.0.3:61000", "10.0.0.2:61000"], 61000, undefined, "10.0.0.2:61000"],
  ["port omitted: the local port", ["<a>node1", "<b>node2"], 61000, undefined, "node1:61000"],
  ["several local matches settled by the identifier (nick)", ["<a>localhost:61000", "<b>node1:61000"], 61000, "b", "node1:61000"],
  ["no host match, settled by the identifier (nick) and port", ["<a>203.0.113.7:61000", "<b>node2:61000"], 61000, "a", "203.0.113.7:61000"],
  ["the default identifier does not count as a nick", ["<supervisor>node1:61000"], 61000, "supervisor", "node1:61000"],
];

describe("found", () => {
  for (const [name, entries, httpPort, identifier, expected] of FOUND) {
    test(name, () => {
      const local: LocalIdentity = { ...HOST, httpPort, ...(identifier === undefined ? {} : { identifier }) };
      expect(identifyLocalInstance(list(...entries), local).identifier).toBe(expected);
    });
  }
});

describe("not found: the error says what was compared", () => {
  test("no host matches", () => {
    expect(() => identifyLocalInstance(list("<x>node2:61000", "node3:61000"), { ...HOST, httpPort: 61000 })).toThrow(
      "no entry of supvisors_list matches this host (names: localhost, node1.example.com, node1; " +
        "addresses: 127.0.0.0/8, 10.0.0.2, ::1, fe80::1) and http port 61000; entries: <x>node2:61000, node3:61000; " +
        "write this host as one of those names or addresses, with the [inet_http_server] port",
    );
  });

  test("the host matches but not the port", () => {
    expect(() => identifyLocalInstance(list("127.0.0.1:61000", "127.0.0.1:61001"), { ...HOST, httpPort: 62000 })).toThrow(
      "entries on this host use port 61000, 61001, not the [inet_http_server] port 62000",
    );
  });

  test("a nick given as identifier that no entry has is mentioned", () => {
    expect(() => identifyLocalInstance(list("node2:61000"), { ...HOST, httpPort: 61000, identifier: "zed" })).toThrow(
      "(no entry with port 61000 has the nick 'zed' either)",
    );
  });

  test("no name resolution: an unknown alias of this host does not match", () => {
    expect(() => identifyLocalInstance(list("node1-alias:61000"), { ...HOST, httpPort: 61000 })).toThrow("no entry of supvisors_list matches");
  });

  test("several entries match", () => {
    expect(() => identifyLocalInstance(list("localhost:61000", "node1:61000", "node2:61000"), { ...HOST, httpPort: 61000 })).toThrow(
      "several entries of supvisors_list match this host (names: localhost, node1.example.com, node1; " +
        "addresses: 127.0.0.0/8, 10.0.0.2, ::1, fe80::1) and http port 61000: localhost:61000, node1:61000; " +
        "declare each instance of this host once, with its own port, or set [supervisord] identifier to the nick of this one",
    );
  });

  test("several entries match and the identifier names none of them", () => {
    let message = "";
    try {
      identifyLocalInstance(list("<a>localhost:61000", "<b>node1:61000"), { ...HOST, httpPort: 61000, identifier: "c" });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toStartWith("several entries of supvisors_list match");
    expect(message).not.toContain("set [supervisord] identifier");
  });
});

test("isLoopbackHost", () => {
  expect(["localhost", "LOCALHOST", "db.localhost", "127.0.0.1", "127.255.0.9"].map(isLoopbackHost)).toEqual([true, true, true, true, true]);
  expect(["localhost2", "128.0.0.1", "127.0.0", "node1"].map(isLoopbackHost)).toEqual([false, false, false, false]);
});

test("identifierMismatchWarning (CFG-SD-17)", () => {
  const [me] = list("<alpha>node1:61000");
  expect(identifierMismatchWarning("supervisor", me as DeclaredInstance)).toBeNull();
  expect(identifierMismatchWarning("alpha", me as DeclaredInstance)).toBeNull();
  expect(identifierMismatchWarning("beta", me as DeclaredInstance)).toBe(
    "[supervisord] identifier 'beta' differs from the nick 'alpha' of this instance in supvisors_list (<alpha>node1:61000); the nick is what peers and rules use",
  );
});

test("localHostFacts: this machine's host name and its loopback address", () => {
  const facts = localHostFacts();
  expect(facts.hostNames[0]).toBe(hostname());
  expect(facts.addresses).toContain("127.0.0.1");
  // This machine identifies itself in a list written with its own name.
  const entries = list(`${hostname()}:61000`, "127.0.0.1:61001");
  expect(identifyLocalInstance(entries, { ...facts, httpPort: 61000 }).host).toBe(hostname());
});
