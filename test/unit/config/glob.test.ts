// Python glob semantics for [include] files.
import { afterAll, describe, expect, test } from "bun:test";
import { fnmatchRegExp, globFiles } from "../../../src/config/glob.ts";
import { TempDir } from "./helpers.ts";

const dir = new TempDir();
afterAll(() => dir.remove());
for (const f of ["conf.d/a.conf", "conf.d/b.conf", "conf.d/c.ini", "conf.d/.hidden.conf", "other/x.conf", "other/sub/y.conf"]) {
  dir.write(f, "");
}
const rel = (paths: string[]) => paths.map((p) => p.slice(dir.path.length + 1)).sort();

describe("fnmatch", () => {
  test.each([
    ["*.conf", "a.conf", true],
    ["*.conf", "a.ini", false],
    ["?.conf", "ab.conf", false],
    ["[ab].conf", "b.conf", true],
    ["[!ab].conf", "b.conf", false],
    ["[!ab].conf", "c.conf", true],
    ["[a-c]x", "bx", true],
    ["[]]x", "]x", true],
    ["[x", "[x", true],
    ["a.conf", "aXconf", false],
    ["A*", "a", false],
  ])("%p on %p", (pattern, name, ok) => expect(fnmatchRegExp(pattern).test(name)).toBe(ok));
});

describe("globFiles", () => {
  test("star skips hidden files", () => {
    expect(rel(globFiles(`${dir.path}/conf.d/*.conf`))).toEqual(["conf.d/a.conf", "conf.d/b.conf"]);
  });
  test("a leading dot matches hidden files", () => {
    expect(rel(globFiles(`${dir.path}/conf.d/.*.conf`))).toEqual(["conf.d/.hidden.conf"]);
  });
  test("magic in directories", () => {
    expect(rel(globFiles(`${dir.path}/*/*.conf`))).toEqual(["conf.d/a.conf", "conf.d/b.conf", "other/x.conf"]);
  });
  test("** is not recursive", () => {
    expect(rel(globFiles(`${dir.path}/other/**/*.conf`))).toEqual(["other/sub/y.conf"]);
  });
  test("no magic: existing file or nothing", () => {
    expect(rel(globFiles(`${dir.path}/other/x.conf`))).toEqual(["other/x.conf"]);
    expect(globFiles(`${dir.path}/other/none.conf`)).toEqual([]);
  });
  test("braces are literal", () => {
    expect(globFiles(`${dir.path}/conf.d/{a,b}.conf`)).toEqual([]);
  });
  test("a missing directory matches nothing", () => {
    expect(globFiles(`${dir.path}/nope/*.conf`)).toEqual([]);
  });
});
