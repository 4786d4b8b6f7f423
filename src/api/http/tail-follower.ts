// The /logtail streams' view of the shared log follower (process/logs/log-follower.ts), as
// Supervisor's tail_f_producer behaves: the last bytes, then every byte appended; a truncated file
// is announced with its "==> File truncated <==" line, a rotated one is continued silently.

import { LogFollower, type FollowSink } from "../../process/logs/log-follower.ts";

/** Supervisor's marker, sent when the followed file got shorter. */
export const TRUNCATED_MARKER = "==> File truncated <==\n";

/** Receives bytes; returns false when the consumer wants a pause (socket buffer full). */
export type TailSink = (bytes: Uint8Array) => boolean;

/** Adds Supervisor's truncation marker to a byte sink. */
export function tailSink(sink: TailSink): FollowSink {
  const marker = new TextEncoder().encode(TRUNCATED_MARKER);
  return {
    data: sink,
    restart: (reason) => {
      // A full socket after the marker is seen by the next data write, which pauses the follower.
      if (reason === "truncated") sink(marker);
    },
  };
}

export const TailFollower = {
  /**
   * Opens `path`, positioned `initialBytes` before its end (or at its start when shorter).
   * Nothing is sent before begin(). Rejects (ENOENT…) when the file cannot be opened.
   * @example const f = await TailFollower.open("/var/log/x.log", 1024, (b) => res.write(b), 100); f.begin()
   */
  open(path: string, initialBytes: number, sink: TailSink, pollMs: number): Promise<LogFollower> {
    return LogFollower.open(path, { back: initialBytes }, tailSink(sink), pollMs);
  },
};
