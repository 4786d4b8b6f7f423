// Websocket paths as subscriptions (EVT-03), as a table.

import { expect, test } from "bun:test";
import { describeSubscription, parseWsSubscription, wantsHeader } from "../../../../src/events/transport/ws-subscriptions.ts";

const HEADERS = ["supvisors", "instance", "application", "event", "process", "hstats", "pstats"];

test.each([
  ["/all", HEADERS, "all"],
  ["/process/event", ["event", "process"], "process/event"],
  ["/process/nonsense/hstats", ["process", "hstats"], "process/nonsense/hstats"],
  ["//event///", ["event"], "event"],
  ["/", [], "(nothing)"],
  ["", [], "(nothing)"],
  ["/All", [], "All"],
  ["/supvisors/all", HEADERS, "all"],
] as Array<[string, string[], string]>)("%p wants %p", (path, wanted, described) => {
  const subscription = parseWsSubscription(path);
  expect(HEADERS.filter((header) => wantsHeader(subscription, header))).toEqual(HEADERS.filter((header) => wanted.includes(header)));
  expect(describeSubscription(subscription)).toBe(described);
});

test("`all` also wants headers outside the known list", () => {
  expect(wantsHeader(parseWsSubscription("/all"), "future-header")).toBe(true);
  expect(wantsHeader(parseWsSubscription("/event"), "future-header")).toBe(false);
});
