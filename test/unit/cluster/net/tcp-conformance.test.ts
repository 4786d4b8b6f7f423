// The shared Transport contract, run against the real TCP transport on 127.0.0.1.

import type { Transport } from "../../../../src/cluster/transport.ts";
import { runTransportConformance } from "../transport-conformance.ts";
import { identity, PortBook, startTcp } from "./helpers.ts";

for (const keyed of [false, true]) {
  runTransportConformance(keyed ? "TcpTransport with peer_key" : "TcpTransport without key", async () => {
    const book = new PortBook();
    const aId = identity("alpha", 7101);
    const bId = identity("bravo", 7102);
    const extra = keyed ? { peerKey: "conformance secret" } : {};
    const opened: Transport[] = [];
    const a = await startTcp(aId, book, extra);
    const b = await startTcp(bId, book, extra);
    opened.push(a, b);
    return {
      a,
      b,
      aId,
      bId,
      reopenB: async () => {
        const again = await startTcp(bId, book, extra, book.ports.get(bId.identifier));
        opened.push(again);
        return again;
      },
      cleanup: async () => {
        await Promise.all(opened.map((t) => t.close()));
      },
    };
  });
}
