// The external event interface of one node (EVT-01..19): with `event_link` ZMQ or WS, a publisher
// on `event_port` gets what this node perceives of the whole cluster (EVT-05) — its state & modes,
// every instance, application and process status, every process event, the statistics of every
// instance it holds.

import type { LogLevelName } from "../config/model.ts";
import type { EventLink } from "../config/supvisors-model.ts";
import type { EventPublisher, PublisherOptions } from "../events/transport/publisher.ts";
import { startWsPublisher } from "../events/transport/ws-publisher.ts";
import { startZmqPublisher } from "../events/transport/zmq-publisher.ts";
import type { CompiledStats } from "../stats/collector.ts";
import type { ClusterNode } from "./cluster-node.ts";
import type { ControlNode } from "./control-node.ts";
import { EventFeed } from "./event-feed.ts";

export type PublisherFactory = (link: Exclude<EventLink, "NONE">, o: PublisherOptions) => Promise<EventPublisher>;

const realPublishers: PublisherFactory = (link, o) => (link === "ZMQ" ? startZmqPublisher(o) : startWsPublisher(o));

export interface EventInterface {
  /** The publisher, once bound (null before, or with `event_link` NONE). */
  publisher(): EventPublisher | null;
  close(): Promise<void>;
}

/**
 * Starts the publisher of `link` on `port` (all interfaces, as Supvisors binds it) and feeds it.
 * Events published before the socket is bound are dropped, as a PUB socket drops what no one
 * could receive yet.
 */
export function setUpEvents(o: {
  link: EventLink;
  port: number;
  host?: string;
  cluster: ClusterNode;
  control: ControlNode;
  onStats(listener: (compiled: CompiledStats) => void): () => void;
  log(level: LogLevelName, text: string): void;
  publishers?: PublisherFactory;
}): EventInterface {
  if (o.link === "NONE") return { publisher: () => null, close: async () => undefined };
  let publisher: EventPublisher | null = null;
  let closed = false;
  const feed = new EventFeed({
    emit: (event) => publisher?.publish(event.header, event.body),
    cluster: () => o.cluster.core.state,
    now: () => o.cluster.now(),
  });
  const log = (level: "error" | "warn" | "info" | "debug", text: string) => o.log(level, `event interface: ${text}`);
  const started = (o.publishers ?? realPublishers)(o.link, { host: o.host ?? "0.0.0.0", port: o.port, log }).then(
    (p) => {
      if (closed) return p.close();
      publisher = p;
      o.log("info", `event interface: ${o.link} publisher on port ${o.port}`);
    },
    (error: unknown) => o.log("error", `event interface: no ${o.link} publisher on port ${o.port}: ${error instanceof Error ? error.message : String(error)}`),
  );
  const offCluster = o.cluster.listen({ effect: (e) => e.type === "publish" && feed.cluster(e.event), tick: () => undefined });
  const offControl = o.control.onPublish((publication) => feed.control(publication));
  const offStats = o.onStats((compiled) => feed.stats(compiled));
  return {
    publisher: () => publisher,
    close: async () => {
      closed = true;
      offCluster();
      offControl();
      offStats();
      await started;
      const p = publisher;
      publisher = null;
      await p?.close();
    },
  };
}
