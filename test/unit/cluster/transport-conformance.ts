// The contract every Transport keeps, as one suite run against each implementation (TCP in
// net/tcp-conformance.test.ts, the simulator's in-memory network in its own test file):
//
// - `a.connect(bId, bId.host)` links a and b: both emit linkUp (a for bId, b for aId); frames sent
//   before the link is up are delivered once it is, and frames are delivered in order, each with
//   the sender's identity and a non-empty source address;
// - `a.forget(bId)` ends the link (linkDown on both sides) and nothing b sends reaches a until a
//   connects to b again;
// - `a.reset(bId)` ends the link (linkDown on both sides) and links again by itself (linkUp on
//   both sides), frames flowing again;
// - `a.close()` ends everything: b sees linkDown, a emits nothing afterwards, and calls on a closed
//   transport are ignored, not errors;
// - payloads of hundreds of kilobytes arrive intact;
// - when b's transport is closed and a new one is opened with b's identity and address
//   (`reopenB`), a links to it again by itself, because a was told where b lives.
//
// `makePair` builds two transports that can reach each other with `connect(id, id.host)`;
// `cleanup` closes every transport the pair created, reopened ones included.

import { afterEach, describe, expect, test } from "bun:test";
import type { PeerIdentity, Transport } from "../../../src/cluster/transport.ts";
import { observe, Recorder, waitFor } from "./net/helpers.ts";

export interface TransportPair {
  a: Transport;
  b: Transport;
  aId: PeerIdentity;
  bId: PeerIdentity;
  cleanup(): Promise<void>;
  /** Closes nothing: opens a new transport for b's identity and address once b is closed. */
  reopenB?: () => Promise<Transport>;
}

export function runTransportConformance(name: string, makePair: () => Promise<TransportPair>): void {
  describe(`Transport conformance: ${name}`, () => {
    let pair: TransportPair | undefined;
    afterEach(async () => {
      await pair?.cleanup();
      pair = undefined;
    });

    async function linked(): Promise<{ p: TransportPair; ra: Recorder; rb: Recorder }> {
      pair = await makePair();
      const p = pair;
      const ra = new Recorder(p.a);
      const rb = new Recorder(p.b);
      p.a.connect(p.bId, p.bId.host);
      await waitFor("linkUp on both sides", () => ra.linkUps(p.bId.identifier) === 1 && rb.linkUps(p.aId.identifier) === 1);
      return { p, ra, rb };
    }

    test("connect links both sides and frames arrive in order, both ways", async () => {
      pair = await makePair();
      const p = pair;
      const ra = new Recorder(p.a);
      const rb = new Recorder(p.b);
      p.a.connect(p.bId, p.bId.host);
      // Sent before the link is up: held, then delivered in order.
      for (let n = 0; n < 50; n += 1) p.a.send(p.bId.identifier, { n });
      await waitFor("linkUp on both sides", () => ra.linkUps(p.bId.identifier) === 1 && rb.linkUps(p.aId.identifier) === 1);
      for (let n = 50; n < 200; n += 1) p.a.send(p.bId.identifier, { n });
      for (let n = 0; n < 100; n += 1) p.b.send(p.aId.identifier, { back: n });
      await waitFor("200 frames at b", () => rb.payloadsFrom(p.aId.identifier).length >= 200);
      await waitFor("100 frames at a", () => ra.payloadsFrom(p.bId.identifier).length >= 100);
      expect(rb.payloadsFrom(p.aId.identifier)).toEqual(Array.from({ length: 200 }, (_, n) => ({ n })));
      expect(ra.payloadsFrom(p.bId.identifier)).toEqual(Array.from({ length: 100 }, (_, n) => ({ back: n })));
      const first = rb.of("frame")[0].frame;
      expect(first.from).toEqual(p.aId);
      expect(first.address.length).toBeGreaterThan(0);
      expect(ra.of("linkDown")).toEqual([]);
      expect(rb.of("linkDown")).toEqual([]);
    });

    test("forget() closes the link on both sides and stops delivery until connect() again", async () => {
      const { p, ra, rb } = await linked();
      p.a.forget(p.bId.identifier);
      await waitFor("linkDown on both sides", () => ra.linkDowns(p.bId.identifier) === 1 && rb.linkDowns(p.aId.identifier) === 1);
      p.b.send(p.aId.identifier, { late: true });
      p.a.send(p.bId.identifier, { toForgotten: true });
      await observe(300);
      expect(ra.payloadsFrom(p.bId.identifier)).toEqual([]);
      expect(rb.payloadsFrom(p.aId.identifier)).toEqual([]);
      expect(ra.linkUps(p.bId.identifier)).toBe(1);
      // Connecting again lifts the ban.
      p.a.connect(p.bId, p.bId.host);
      await waitFor("linkUp again", () => ra.linkUps(p.bId.identifier) === 2 && rb.linkUps(p.aId.identifier) === 2);
      p.b.send(p.aId.identifier, { again: true });
      await waitFor("frame after reconnect", () => ra.payloadsFrom(p.bId.identifier).some((x) => JSON.stringify(x) === '{"again":true}'));
    });

    test("reset() ends the link and links again by itself", async () => {
      const { p, ra, rb } = await linked();
      p.a.reset(p.bId.identifier, "declared lost");
      await waitFor("linkDown on both sides", () => ra.linkDowns(p.bId.identifier) === 1 && rb.linkDowns(p.aId.identifier) === 1);
      await waitFor("linkUp again on both sides", () => ra.linkUps(p.bId.identifier) === 2 && rb.linkUps(p.aId.identifier) === 2, 10_000);
      p.b.send(p.aId.identifier, { after: "reset" });
      await waitFor("frame after the reset", () => ra.payloadsFrom(p.bId.identifier).some((x) => JSON.stringify(x) === '{"after":"reset"}'));
    });

    test("close() ends the link, and the closed transport stays silent", async () => {
      const { p, ra, rb } = await linked();
      await p.a.close();
      await waitFor("linkDown at b", () => rb.linkDowns(p.aId.identifier) === 1);
      const count = ra.events.length;
      p.a.send(p.bId.identifier, { afterClose: true });
      p.a.connect(p.bId, p.bId.host);
      p.a.announce();
      p.b.send(p.aId.identifier, { toClosed: true });
      await observe(200);
      expect(ra.events.length).toBe(count);
      expect(rb.payloadsFrom(p.aId.identifier)).toEqual([]);
    });

    test("large payloads arrive intact and in order", async () => {
      const { p, rb } = await linked();
      const big = (seed: number) => ({ seed, text: String.fromCharCode(97 + (seed % 26)).repeat(400_000), list: Array.from({ length: 1000 }, (_, i) => i * seed) });
      for (let seed = 1; seed <= 3; seed += 1) p.a.send(p.bId.identifier, big(seed));
      await waitFor("three large frames", () => rb.payloadsFrom(p.aId.identifier).length === 3, 10_000);
      expect(rb.payloadsFrom(p.aId.identifier)).toEqual([big(1), big(2), big(3)]);
    });

    test("a peer closed and reopened is linked again by itself", async () => {
      const { p, ra } = await linked();
      if (!p.reopenB) throw new Error(`${name}: makePair must provide reopenB for the reconnection check`);
      await p.b.close();
      await waitFor("linkDown at a", () => ra.linkDowns(p.bId.identifier) === 1);
      const b2 = await p.reopenB();
      const rb2 = new Recorder(b2);
      await waitFor("linkUp with the reopened b", () => ra.linkUps(p.bId.identifier) === 2, 10_000);
      await waitFor("linkUp at the reopened b", () => rb2.linkUps(p.aId.identifier) === 1);
      p.a.send(p.bId.identifier, { hello: "again" });
      b2.send(p.aId.identifier, { reply: 1 });
      await waitFor("frame at reopened b", () => rb2.payloadsFrom(p.aId.identifier).length > 0);
      await waitFor("frame from reopened b", () => ra.payloadsFrom(p.bId.identifier).length > 0);
      expect(rb2.payloadsFrom(p.aId.identifier)).toContainEqual({ hello: "again" });
      expect(ra.payloadsFrom(p.bId.identifier)).toEqual([{ reply: 1 }]);
    });
  });
}
