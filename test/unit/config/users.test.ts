// User/group lookup from injected passwd and group files, and ~ expansion.
import { afterAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { expandUser, parsePasswd, resolveGroup, resolveUser, resolveUserGroup } from "../../../src/config/users.ts";
import { TempDir } from "./helpers.ts";

const dir = new TempDir();
afterAll(() => dir.remove());
const passwd = join(dir.path, "passwd");
const group = join(dir.path, "group");

describe("resolveUser", () => {
  test.each([
    ["alice", { uid: 1000, gid: 1001, home: "/home/alice", name: "alice" }],
    ["1000", { uid: 1000, gid: 1001, home: "/home/alice", name: "alice" }],
    ["root", { uid: 0, gid: 0, home: "/root", name: "root" }],
    ["0", { uid: 0, gid: 0, home: "/root", name: "root" }],
  ])("%p", (name, entry) => expect(resolveUser(name, passwd)).toEqual(entry));
  test("unknown name and id", () => {
    expect(() => resolveUser("nobody-here", passwd)).toThrow(`unknown user 'nobody-here' (not in ${passwd})`);
    expect(() => resolveUser("4242", passwd)).toThrow("no user with id 4242");
  });
  test("unreadable passwd file", () => {
    expect(() => resolveUser("root", join(dir.path, "missing"))).toThrow("cannot read");
  });
  test("malformed lines are skipped", () => {
    expect(parsePasswd("a:x:1\nb:x:2:3:g:/h:/s\nc:x:z:1:g:/h:/s").map((u) => u.name)).toEqual(["b"]);
  });
  test("the real /etc/passwd knows root", () => {
    expect(resolveUser("root").uid).toBe(0);
  });
});

describe("groups", () => {
  test("resolveGroup by name and id", () => {
    expect(resolveGroup("staff", group)).toBe(50);
    expect(resolveGroup("1001", group)).toBe(1001);
    expect(() => resolveGroup("wheel", group)).toThrow("unknown group 'wheel'");
  });
  test("user[:group]", () => {
    expect(resolveUserGroup("alice", passwd, group)).toEqual({ uid: 1000, gid: -1 });
    expect(resolveUserGroup("bob:staff", passwd, group)).toEqual({ uid: 1002, gid: 50 });
    expect(() => resolveUserGroup("bob:nope", passwd, group)).toThrow("unknown group");
  });
});

describe("expandUser", () => {
  const env = { HOME: "/home/me/" };
  test.each([
    ["~", "/home/me"],
    ["~/x.log", "/home/me/x.log"],
    ["~bob/x", "/srv/bob/x"],
    ["~nobody-here/x", "~nobody-here/x"],
    ["/abs/~x", "/abs/~x"],
    ["rel", "rel"],
  ])("%p", (p, out) => expect(expandUser(p, env, passwd)).toBe(out));
  test("~ without HOME is kept", () => expect(expandUser("~/x", {}, passwd)).toBe("~/x"));
});
