// Defaults of the peer network, each with the reason for its value, and the logger hook the
// network adapters report through (the daemon plugs its main logger in; tests collect lines).

export type NetLogLevel = "debug" | "info" | "warn" | "error";
/** Where the network adapters write what the log must say. */
export type NetLog = (level: NetLogLevel, message: string) => void;

export const silentLog: NetLog = () => {};

export const NetDefaults = {
  /** The largest frame a link accepts. The biggest message the core sends is a node's full
   *  process list (a few hundred bytes per process): 1 MiB holds thousands of processes, and a
   *  peer cannot make us buffer more than this for one frame. */
  maxFrameBytes: 1024 * 1024,
  /** Discovery datagrams stay far below the smallest common MTU (1280 for IPv6, 1500 Ethernet),
   *  so they are never fragmented; an announcement needs ~300 bytes. */
  maxDatagramBytes: 1024,
  /** Frames held for one peer while its link is down or its socket is full. A tick sends a
   *  handful of frames per peer, so 1000 covers minutes of outage; beyond that the core re-syncs
   *  through the handshake anyway, and the oldest frames are the least useful. */
  maxQueuedFrames: 1000,
  /** Byte bound of the same queue, so that 1000 big frames cannot take a gigabyte. */
  maxQueuedBytes: 16 * 1024 * 1024,
  /** First reconnection delay: short, because the usual cause is a peer restarting. */
  reconnectMinMs: 100,
  /** Reconnection cap: below the default 5 s tick, so a returning peer is linked within a tick. */
  reconnectMaxMs: 5000,
  /** A dial that has not connected by then is abandoned and retried (unreachable host). */
  connectTimeoutMs: 3000,
  /** An accepted socket that has not said hello by then is closed (idle scanners, wrong protocol). */
  helloTimeoutMs: 5000,
  /** How far a keyed frame's timestamp may stray from our clock. Bounds how long a captured frame
   *  stays replayable into a node that has just restarted; NTP keeps real clocks far closer. */
  maxClockSkewMs: 30_000,
} as const;
