// CFG-SV-19: the disabilities_file as Supvisors writes it (Python json.dumps), read back, and what
// happens with a missing, invalid or unwritable file: a warning naming the file, never a crash.
import { afterAll, describe, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DisabilitiesFile, formatDisabilities, parseDisabilities } from "../../../src/daemon/disabilities.ts";
import { DisabilityFlags } from "../../../src/supervisor/disability-flags.ts";

const dir = mkdtempSync(join(tmpdir(), "flotilla-disabilities-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("format and parse", () => {
  test.each([
    [{}, "{}"],
    [{ web: true, db: false }, '{"web": true, "db": false}'],
    [{ "é\"x": true }, '{"\\u00e9\\"x": true}'],
    [{ "a\u007fb": false }, '{"a\\u007fb": false}'],
  ])("json.dumps(%o) = %s", (flags, text) => {
    expect(formatDisabilities(flags)).toBe(text);
    expect(parseDisabilities(text)).toEqual({ flags, problem: null });
  });

  test.each([
    ["{oops", "it is not valid JSON"],
    ["[1, 2]", 'it is not a JSON object like {"program": true}'],
    ["null", 'it is not a JSON object like {"program": true}'],
  ])("%s is refused: %s", (text, problem) => {
    const parsed = parseDisabilities(text);
    expect(parsed.flags).toEqual({});
    expect(parsed.problem).toStartWith(problem);
  });

  test("values that are not booleans are dropped (those programs stay enabled), the rest is kept", () => {
    expect(parseDisabilities('{"a": true, "b": "yes", "c": 1, "__proto__": true}')).toEqual({
      flags: JSON.parse('{"a": true, "__proto__": true}'),
      problem: 'the values of "b", "c" are not true or false',
    });
  });
});

describe("DisabilitiesFile", () => {
  const logs: string[] = [];
  const log = (level: string, message: string) => logs.push(`${level}: ${message}`);

  test("a missing file means every program enabled, and the first save creates it", () => {
    const path = join(dir, "missing.json");
    const store = new DisabilitiesFile(path, log);
    const flags = new DisabilityFlags();
    flags.use(store, ["web", "db"]);
    expect(readFileSync(path, "utf8")).toBe('{"web": false, "db": false}');
    flags.set("db", true);
    expect(readFileSync(path, "utf8")).toBe('{"web": false, "db": true}');
    expect(new DisabilitiesFile(path, log).load()).toEqual({ web: false, db: true });
    // No temporary file is left behind by the atomic write.
    expect(existsSync(`${path}.${process.pid}.tmp`)).toBe(false);
  });

  test("an invalid file: a warning naming it, every program enabled, the file rewritten", () => {
    const path = join(dir, "bad.json");
    writeFileSync(path, "web: true\n");
    logs.length = 0;
    const flags = new DisabilityFlags();
    flags.use(new DisabilitiesFile(path, log), ["web"]);
    expect(flags.isDisabled("web")).toBe(false);
    expect(logs[0]).toStartWith(`warn: disabilities_file ${path}: it is not valid JSON`);
    expect(readFileSync(path, "utf8")).toBe('{"web": false}');
  });

  test("an unreadable file or an unwritable directory: reported, the daemon goes on", () => {
    if (process.getuid?.() === 0) {
      // root reads and writes anyway: a directory in place of the file gives both errors.
      const path = join(dir, "isdir.json");
      mkdirSync(path);
      logs.length = 0;
      const store = new DisabilitiesFile(path, log);
      expect(store.load()).toEqual({});
      store.save({ web: true });
      expect(logs).toEqual([
        `warn: disabilities_file ${path} cannot be read (EISDIR): every program is enabled and the file is rewritten`,
        `error: disabilities_file ${path} cannot be written (EISDIR): the disabled programs will not survive a restart`,
      ]);
      return;
    }
    const locked = join(dir, "locked");
    mkdirSync(locked);
    writeFileSync(join(locked, "f.json"), "{}");
    chmodSync(locked, 0o500);
    logs.length = 0;
    new DisabilitiesFile(join(locked, "f.json"), log).save({ web: true });
    expect(logs[0]).toStartWith(`error: disabilities_file ${join(locked, "f.json")} cannot be written`);
    chmodSync(locked, 0o700);
  });

  test("without a file (disabilities_file unset) nothing is read or written", () => {
    const store = new DisabilitiesFile(null, log);
    expect(store.load()).toEqual({});
    store.save({ web: true });
  });
});
