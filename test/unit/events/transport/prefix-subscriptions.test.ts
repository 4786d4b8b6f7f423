// A subscriber's prefix filter: byte prefixes, counted like libzmq's, with a per-header cache that
// must follow every change.

import { expect, test } from "bun:test";
import { PrefixSubscriptions } from "../../../../src/events/transport/prefix-subscriptions.ts";

const utf8 = (s: string) => new TextEncoder().encode(s);
const matches = (subs: PrefixSubscriptions, header: string) => subs.matches(header, utf8(header));

test("no subscription matches nothing; the empty prefix matches everything, the empty header included", () => {
  const subs = new PrefixSubscriptions();
  expect(matches(subs, "process")).toBe(false);
  subs.add(utf8(""));
  for (const header of ["process", "", "é"]) expect(matches(subs, header)).toBe(true);
});

test("prefixes match bytes at the start of the header only", () => {
  const subs = new PrefixSubscriptions();
  subs.add(utf8("pro"));
  const table: Array<[string, boolean]> = [
    ["process", true],
    ["pro", true],
    ["pr", false],
    ["supvisors", false],
    ["xprocess", false],
  ];
  for (const [header, expected] of table) expect({ header, match: matches(subs, header) }).toEqual({ header, match: expected });
});

test("UTF-8 prefixes compare bytes: half a character matches, as in libzmq", () => {
  const subs = new PrefixSubscriptions();
  subs.add(utf8("é").subarray(0, 1));
  expect(matches(subs, "été")).toBe(true);
  expect(matches(subs, "et")).toBe(false);
});

test("each subscription needs its own removal; removing what was never added reports false", () => {
  const subs = new PrefixSubscriptions();
  subs.add(utf8("event"));
  subs.add(utf8("event"));
  expect(subs.size).toBe(1);
  expect(subs.remove(utf8("event"))).toBe(true);
  expect(matches(subs, "event")).toBe(true);
  expect(subs.remove(utf8("event"))).toBe(true);
  expect(matches(subs, "event")).toBe(false);
  expect(subs.remove(utf8("event"))).toBe(false);
  expect(subs.size).toBe(0);
});

test("the cached answer follows additions and removals", () => {
  const subs = new PrefixSubscriptions();
  expect(matches(subs, "hstats")).toBe(false);
  subs.add(utf8("h"));
  expect(matches(subs, "hstats")).toBe(true);
  subs.remove(utf8("h"));
  expect(matches(subs, "hstats")).toBe(false);
});

test("a topic buffer changed after add() does not change the subscription", () => {
  const subs = new PrefixSubscriptions();
  const topic = utf8("abc");
  subs.add(topic);
  topic[0] = 0x78;
  expect(matches(subs, "abcdef")).toBe(true);
  expect(matches(subs, "xbc")).toBe(false);
});

test("many distinct headers keep answering correctly past the cache limit", () => {
  const subs = new PrefixSubscriptions();
  subs.add(utf8("h1"));
  for (let i = 0; i < 1000; i += 1) expect(matches(subs, `h${i}`)).toBe(String(i).startsWith("1"));
});
