// The URL parameters every page checks (UI-10), against Supvisors 0.19's view context: its words
// (`Incorrect <name>: <value>`, `<name> is not a float / a boolean-like`), its order, the defaults,
// the namespec and processname rules, and the shrink / expand masks' bit order.

import { expect, test } from "bun:test";
import { isKnownNamespec, pageMessage, parsePageParams, shortNamespec, type KnownValues } from "../../../src/web/params.ts";
import { defaultShex, parseShex, shexBit, toggleShex } from "../../../src/web/shex.ts";
import { ashexView } from "../../../src/web/instance/model.ts";

const known: KnownValues = {
  identifiers: new Set(["10.0.0.1:60000", "10.0.0.2:60001"]),
  applications: new Map([
    ["web", new Set(["front", "back"])],
    ["db", new Set(["db"])],
  ]),
  periods: [5, 60],
  localId: "10.0.0.1:60000",
  running: (id) => new Set(id === "10.0.0.1:60000" ? ["web:front", "db"] : ["web:back"]),
};

const parse = (query: string) => parsePageParams(new URLSearchParams(query), known);

test("valid parameters are read, defaults otherwise", () => {
  const p = parse("strategy=LOCAL&auto=yes&ident=10.0.0.2%3A60001&appname=web&processname=web%3Aback&namespec=web%3Afront&period=60.0&action=start&message=hi&gravity=warn");
  expect(p).toEqual({
    action: "start",
    namespec: "web:front",
    ident: "10.0.0.2:60001",
    auto: true,
    message: "hi",
    gravity: "warn",
    strategy: "LOCAL",
    appname: "web",
    processname: "web:back",
    period: 60,
    errors: [],
  });
  expect(parse("")).toMatchObject({ strategy: null, auto: false, ident: "", appname: "", processname: "", period: 5, errors: [] });
});

test("every invalid parameter in Supvisors' words and order: strategy, auto, ident, appname, processname, namespec, period", () => {
  const p = parse("period=7&namespec=web%3Anope&processname=web%3Aback&appname=shop&ident=h%3A1&auto=maybe&strategy=FASTEST");
  expect(p.errors).toEqual([
    "Incorrect strategy: FASTEST",
    "auto is not a boolean-like: maybe",
    "Incorrect ident: h:1",
    "Incorrect appname: shop",
    "Incorrect processname: web:back",
    "Incorrect namespec: web:nope",
    "Incorrect period: 7.0",
  ]);
  expect(p).toMatchObject({ strategy: null, auto: false, ident: "", appname: "", processname: "", period: 5 });
  expect(parse("period=often").errors).toEqual(["period is not a float: often"]);
});

test("processname: running on `ident`, else on the serving instance; supervisord always; Supvisors' short form", () => {
  expect(parse("processname=db%3Adb").processname).toBe("db");
  expect(parse("processname=db").processname).toBe("db");
  expect(parse("processname=supervisord&ident=10.0.0.2%3A60001").processname).toBe("supervisord");
  expect(parse("processname=web%3Afront&ident=10.0.0.2%3A60001").errors).toEqual(["Incorrect processname: web:front"]);
  // A page that checks it itself (the Supervisor page) gets it as given.
  expect(parsePageParams(new URLSearchParams("processname=any%3Athing"), { ...known, running: null }).processname).toBe("any:thing");
});

test("namespec: Supvisors' is_namespec (group:, group:* and name alone for name:name); kept as given for the action", () => {
  for (const ok of ["web:front", "web:", "web:*", "db", "db:db"]) expect(isKnownNamespec(known.applications, ok)).toBe(true);
  for (const bad of ["web:nope", "shop:", "front"]) expect(isKnownNamespec(known.applications, bad)).toBe(false);
  expect(parse("namespec=web%3Anope").namespec).toBe("web:nope");
  expect(shortNamespec("db:db")).toBe("db");
  expect(shortNamespec("web:front")).toBe("web:front");
});

test("gravity: an unknown one is not a complaint (Supvisors prints any), it shows grey", () => {
  const p = parse("message=hello&gravity=loud");
  expect(p.errors).toEqual([]);
  expect(pageMessage(p)).toEqual({ gravity: "", message: "hello" });
});

test("message box: parameter errors replace a given message (Supvisors redirects with its complaint), else the message, else the fallback", () => {
  expect(pageMessage(parse("message=hello&gravity=info&period=7"))).toEqual({ gravity: "erro", message: "Incorrect period: 7.0" });
  expect(pageMessage(parse("message=hello&gravity=info"))).toEqual({ gravity: "info", message: "hello" });
  expect(pageMessage(parse(""), { gravity: "warn", message: "default" })).toEqual({ gravity: "warn", message: "default" });
});

test("shex masks: bit i is bit i % 8 of byte i / 8, as Supvisors' get_bit / set_bit and bytearray.hex()", () => {
  expect(defaultShex(9, true)).toBe("ffff");
  expect(defaultShex(9, false)).toBe("0000");
  expect(defaultShex(0, true)).toBe("");
  // 0x05 = bits 0 and 2; the second byte's bit 0 is item 8.
  expect([0, 1, 2, 8].map((i) => shexBit("0501", i))).toEqual([true, false, true, true]);
  expect(toggleShex("0000", 9)).toBe("0002");
  expect(toggleShex("0501", 0)).toBe("0401");
  // bytearray.fromhex: case-insensitive, blanks between bytes; the size must be exactly ceil(n / 8) bytes.
  expect(parseShex("0A FF", 9)).toBe("0aff");
  expect(parseShex("0a", 9)).toBeNull();
  expect(parseShex("0a0b0c", 9)).toBeNull();
  expect(parseShex("zz", 8)).toBeNull();
  expect(parseShex("a", 4)).toBeNull();
});

test("ashexView: indexes every application the cluster knows, sorted; all expanded by default or when the mask does not fit", () => {
  const apps = ["web", "db", "batch"]; // sorted: batch, db, web
  const all = ashexView(null, apps);
  expect(apps.map((a) => all.expanded(a))).toEqual([true, true, true]);
  expect(all.expandAll).toBeNull();
  expect(all.shrinkAll).toBe("00");
  expect(all.toggled("db")).toBe("fd");
  const onlyWeb = ashexView("04", apps);
  expect(apps.map((a) => onlyWeb.expanded(a))).toEqual([true, false, false]);
  expect(onlyWeb.expandAll).toBe("ff");
  expect(ashexView("00", apps).shrinkAll).toBeNull();
  expect(ashexView("0004", apps).mask).toBe("ff");
  // An application outside the list (not known yet) is shown expanded.
  expect(onlyWeb.expanded("new")).toBe(true);
});
