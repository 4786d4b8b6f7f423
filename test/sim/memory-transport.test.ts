// The shared Transport conformance suite, run against the simulator's in-memory network in real
// time (the same suite runs against the TCP transport).
import { MemoryNetwork } from "./memory-network.ts";
import { RealScheduler } from "./clock.ts";
import { runTransportConformance } from "../unit/cluster/transport-conformance.ts";
import type { PeerIdentity } from "../../src/cluster/transport.ts";

const identity = (nick: string, port: number): PeerIdentity => ({ identifier: `127.0.0.1:${port}`, nick, host: "127.0.0.1", httpPort: port, stereotypes: [] });

runTransportConformance("in-memory network", async () => {
  const network = new MemoryNetwork(new RealScheduler(), undefined, { minDelay: 0.0005, maxDelay: 0.003 });
  const aId = identity("a", 62001);
  const bId = identity("b", 62002);
  const opened = [network.join(aId), network.join(bId)];
  return {
    a: opened[0],
    b: opened[1],
    aId,
    bId,
    async reopenB() {
      const b2 = network.join(bId);
      opened.push(b2);
      return b2;
    },
    async cleanup() {
      for (const t of opened) await t.close();
    },
  };
});
