// The external event transports' public face (EVT-01..03): the EventPublisher interface the event
// bus feeds, and its two implementations, ZeroMQ PUB (our own ZMTP 3.1 over node:net) and
// websocket (Bun.serve).
//
// @example
//   const publisher = event_link === "ZMQ"
//     ? await startZmqPublisher({ host: "0.0.0.0", port: eventPort, log })
//     : await startWsPublisher({ host: "0.0.0.0", port: eventPort, log });
//   bus.subscribe((header, body) => publisher.publish(header, body));

export {
  DEFAULT_MAX_QUEUED_BYTES,
  type BoundEventPublisher,
  type EventPublisher,
  type PublisherLogLevel,
  type PublisherOptions,
} from "./publisher.ts";
export { DEFAULT_HANDSHAKE_TIMEOUT_MS, startZmqPublisher, type ZmqEventPublisher, type ZmqPublisherOptions } from "./zmq-publisher.ts";
export { startWsPublisher, type WsEventPublisher, type WsPublisherOptions } from "./ws-publisher.ts";
