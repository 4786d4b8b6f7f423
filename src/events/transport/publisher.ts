// What the event bus sees of an external event transport (spec EVT-01..03): something that sends
// `(header, body)` events to remote subscribers without ever making the node wait. The ZeroMQ PUB
// (zmq-publisher.ts) and the websocket server (ws-publisher.ts) both implement it, and both share the
// rules written here: the body is serialised once per publish, and a subscriber that cannot keep up
// is disconnected instead of being buffered for without limit.

export type PublisherLogLevel = "error" | "warn" | "info" | "debug";

export interface EventPublisher {
  /** Sends one event to every subscriber whose subscription matches `header`; never blocks. */
  publish(header: string, body: unknown): void;
  /** Number of connected subscribers (for metrics/tests). */
  readonly subscriberCount: number;
  close(): Promise<void>;
}

export interface PublisherOptions {
  /** Address to bind: `0.0.0.0` for all interfaces (EVT-01), `127.0.0.1` in tests. */
  host: string;
  /** `event_port`; 0 asks the OS for a free port (tests), read back from the publisher's `port`. */
  port: number;
  log(level: PublisherLogLevel, text: string): void;
  /**
   * Bytes a subscriber may have waiting in its socket's send queue before it is disconnected as
   * too slow. Default DEFAULT_MAX_QUEUED_BYTES.
   */
  maxQueuedBytes?: number;
}

/**
 * 8 MiB: about 20 000 typical process events (~400 bytes each), or 80 of the largest bodies seen
 * (~100 KB). A subscriber that falls that far behind is not catching up; keeping more would only
 * let one stuck client grow the node's memory.
 */
export const DEFAULT_MAX_QUEUED_BYTES = 8 * 1024 * 1024;

/** A publisher bound to a port, as both transports return it. */
export interface BoundEventPublisher extends EventPublisher {
  /** The port clients connect to (the OS's choice when 0 was asked for). */
  readonly port: number;
}

/**
 * JSON text of a value, `null` for `undefined` (as Python's json.dumps(None)); undefined with an
 * error log when the value cannot be serialised (cycle, BigInt), so a bad body never throws out of
 * publish().
 * @example eventJson({ a: 1 }, "process", log) // '{"a":1}'
 */
export function eventJson(value: unknown, header: string, log: PublisherOptions["log"]): string | undefined {
  try {
    return JSON.stringify(value) ?? "null";
  } catch (error) {
    log("error", `event ${JSON.stringify(header)} not published: its body cannot be serialised to JSON (${(error as Error).message})`);
    return undefined;
  }
}
