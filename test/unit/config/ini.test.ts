// The INI reader against RawConfigParser's rules as supervisord configures it.
import { describe, expect, test } from "bun:test";
import { createIniDocument, lookupOption, optionNames, readIniInto, replaceHereLiterally } from "../../../src/config/ini.ts";
import { ConfigError } from "../../../src/config/model.ts";

function read(text: string) {
  const doc = createIniDocument();
  readIniInto(doc, text, "/t.conf");
  return doc;
}
const value = (text: string, section = "s", key = "k") => lookupOption(read(text), section, key)?.value;

describe("INI values", () => {
  test.each([
    ["key = value", "[s]\nk = v", "v"],
    ["colon delimiter", "[s]\nk: v", "v"],
    ["first delimiter wins", "[s]\nk = a:b=c", "a:b=c"],
    ["colon before equals", "[s]\nk: a=b", "a=b"],
    ["key lower-cased", "[s]\nK = v", "v"],
    ["spaces around trimmed", "[s]\n k   =   v  ", "v"],
    ["empty value", "[s]\nk =", ""],
    ["inline ; after space", "[s]\nk = a ;c", "a"],
    ["inline # after tab", "[s]\nk = a\t#c", "a"],
    ["; without space kept", "[s]\nk = a;b", "a;b"],
    ["# without space kept", "[s]\nk = a#b", "a#b"],
    // Python searches ; and # in rounds: the # found in round 1 wins over the later-round " ;w".
    ["first qualifying round wins", "[s]\nk = x;y;z ;w #q", "x;y;z ;w"],
    ["round quirk, other order", "[s]\nk = a;b;c;d #e ;f", "a;b;c;d"],
    ["continuation joined", "[s]\nk = a\n  b\n\tc", "a\nb\nc"],
    ["blank line inside value kept", "[s]\nk = a\n\n  b", "a\n\nb"],
    ["trailing blank lines dropped", "[s]\nk = a\n  b\n\n\n", "a\nb"],
    ["comment line inside value skipped", "[s]\nk = a\n  ; c\n  b", "a\nb"],
    ["later option wins", "[s]\nk = 1\nk = 2", "2"],
    ["CRLF line ends", "[s]\r\nk = v\r\n", "v"],
    ["BOM ignored", "\uFEFF[s]\nk = v", "v"],
    ["header with trailing text", "[s] trailing\nk = v", "v"],
  ])("%s", (_name, text, expected) => {
    expect(value(text)).toBe(expected);
  });

  test("same indent as the option starts a new option", () => {
    const doc = read("[s]\n  k = a\n  j = b");
    expect(lookupOption(doc, "s", "k")?.value).toBe("a");
    expect(lookupOption(doc, "s", "j")?.value).toBe("b");
  });

  test("full-line comments with leading spaces", () => {
    expect(value("[s]\n   ; comment\n  # other\nk = v")).toBe("v");
  });

  test("duplicate sections merge, keeping the first header line", () => {
    const doc = read("[s]\nk = 1\nj = 1\n[t]\n[s]\nk = 2");
    expect(lookupOption(doc, "s", "k")).toEqual({ value: "2", source: { file: "/t.conf", line: 6 } });
    expect(lookupOption(doc, "s", "j")?.value).toBe("1");
    expect(doc.sections.get("s")?.source.line).toBe(1);
    expect([...doc.sections.keys()]).toEqual(["s", "t"]);
  });

  test("section names are kept as written (spaces and case)", () => {
    const doc = read("[ Program:x ]\nk=v");
    expect([...doc.sections.keys()]).toEqual([" Program:x "]);
  });

  test("option line numbers", () => {
    const doc = read("; c\n[s]\n\nk = a\n  b\nj = c");
    expect(lookupOption(doc, "s", "k")?.source.line).toBe(4);
    expect(lookupOption(doc, "s", "j")?.source.line).toBe(6);
  });

  test("[DEFAULT] applies to every section without the option", () => {
    const doc = read("[DEFAULT]\nk = d\nz = 1\n[s]\nk = own\n[t]");
    expect(lookupOption(doc, "s", "k")?.value).toBe("own");
    expect(lookupOption(doc, "t", "k")?.value).toBe("d");
    expect(optionNames(doc, "s")).toEqual(["k", "z"]);
    expect(doc.sections.has("DEFAULT")).toBe(false);
  });

  test("readIniInto reports the sections it created", () => {
    const doc = read("[a]\n");
    expect(readIniInto(doc, "[a]\n[b]\n", "/u.conf")).toEqual(["b"]);
  });
});

describe("INI errors", () => {
  test.each([
    ["option before any header", "k = v\n[s]", 1, "before any [section] header"],
    ["line without delimiter", "[s]\nk = v\nbogus\n", 3, "cannot parse"],
    ["empty option name", "[s]\n= v", 2, "cannot parse"],
    ["empty header", "[s]\n[]\n", 2, "cannot parse"],
  ])("%s", (_name, text, line, fragment) => {
    let error: unknown;
    try {
      read(text);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).line).toBe(line);
    expect((error as ConfigError).message).toStartWith(`/t.conf:${line}: `);
    expect((error as ConfigError).message).toContain(fragment);
  });
});

describe("replaceHereLiterally", () => {
  test("replaces the exact token in sections and materializes defaults", () => {
    const doc = read("[DEFAULT]\nd = %(here)s/d\n[s]\nk = %(here)s/x %(here)s\nj = %(here)10s");
    replaceHereLiterally(doc, "/etc/a");
    expect(lookupOption(doc, "s", "k")?.value).toBe("/etc/a/x /etc/a");
    expect(lookupOption(doc, "s", "j")?.value).toBe("%(here)10s");
    expect(doc.sections.get("s")?.options.get("d")?.value).toBe("/etc/a/d");
    expect(doc.defaults.get("d")?.value).toBe("%(here)s/d");
  });
});
