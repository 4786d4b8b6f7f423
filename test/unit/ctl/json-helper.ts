// Runs a ctl command with --json against a fake server, checks that stdout holds exactly one JSON
// document, and runs it again in text mode on a fresh server to compare the exit statuses.

import { expect } from "bun:test";
import type { FakeServer } from "./fake-client.ts";
import { ctl, URL, type CtlRun } from "./run-helper.ts";

export interface JsonRun extends CtlRun {
  /** The parsed document. */
  doc: unknown;
}

/** `--json -s URL <line>`; fails the test unless stdout is one JSON document and a newline. */
export async function jsonShot(server: FakeServer, line: string): Promise<JsonRun> {
  const run = await ctl(server, ["--json", "-s", URL, ...line.split(" ")]);
  expect(run.out.endsWith("\n")).toBe(true);
  // One document: the whole of stdout parses, and nothing of it is text-mode output.
  let doc: unknown;
  try {
    doc = JSON.parse(run.out);
  } catch (e) {
    throw new Error(`stdout is not one JSON document: ${JSON.stringify(run.out)} (${String(e)})`);
  }
  return { ...run, doc };
}

/**
 * The same line in JSON and in text mode, each on a server of its own from `make`; expects the
 * same exit status from both, and gives the JSON run.
 */
export async function jsonLikeText(make: () => FakeServer, line: string): Promise<JsonRun> {
  const json = await jsonShot(make(), line);
  const text = await ctl(make(), ["-s", URL, ...line.split(" ")]);
  expect({ line, code: json.code }).toEqual({ line, code: text.code });
  return json;
}
