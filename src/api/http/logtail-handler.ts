// GET /logtail/<namespec>[/<channel>] and GET /mainlogtail: never-ending chunked text streams of a
// log file, as supervisorctl `tail -f` / `maintail -f` read them. Follows Supervisor's handlers:
// 400 for a method other than GET, 404 for an unknown process or channel, or a log file that is
// not configured or does not exist yet; headers Last-Modified and text/plain;charset=utf-8.

import { statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { sendStatus } from "./status.ts";
import type { LogFollower } from "../../process/logs/log-follower.ts";
import { TailFollower } from "./tail-follower.ts";
import type { HttpLogger, LogTailSource } from "./types.ts";

/** What a tail URL asks for; null when the path is not a tail path at all. */
export type TailTarget =
  | { kind: "process"; namespec: string; channel: string }
  | { kind: "main" };

/**
 * Parses the path part of a URL (query already removed).
 * @example parseTailPath("/logtail/grp%3Aweb/stderr") // { kind: "process", namespec: "grp:web", channel: "stderr" }
 */
export function parseTailPath(rawPath: string): TailTarget | null | "bad" {
  if (rawPath.startsWith("/mainlogtail")) return { kind: "main" };
  if (!rawPath.startsWith("/logtail")) return null;
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return "bad";
  }
  const rest = path.replace(/^\/+/, "").slice("logtail".length);
  if (!rest.startsWith("/") || rest.length < 2) return "bad";
  const body = rest.slice(1);
  const slash = body.indexOf("/");
  if (slash < 0) return { kind: "process", namespec: body, channel: "stdout" };
  return { kind: "process", namespec: body.slice(0, slash), channel: body.slice(slash + 1) };
}

function resolvePath(target: TailTarget, logs: LogTailSource): string | null {
  if (target.kind === "main") return logs.mainLog();
  if (target.channel !== "stdout" && target.channel !== "stderr") return null;
  return logs.processLog(target.namespec, target.channel);
}

/** Keeps track of open streams so a server can end them all when it closes. */
export type StreamSet = Set<LogFollower>;

/** Serves one tail request; never throws. */
export async function handleLogTail(
  req: IncomingMessage,
  res: ServerResponse,
  target: TailTarget | "bad",
  logs: LogTailSource,
  streams: StreamSet,
  pollMs: number,
  log: HttpLogger,
): Promise<void> {
  if (req.method !== "GET") return sendStatus(res, 400);
  if (target === "bad") return sendStatus(res, 404);
  let file: string | null;
  let mtime: Date;
  try {
    file = resolvePath(target, logs);
    if (file === null) return sendStatus(res, 404);
    mtime = statSync(file).mtime;
  } catch {
    // No log file yet is a temporary condition for Supervisor too: 404, not an error.
    return sendStatus(res, 404);
  }
  const headers: Record<string, string> = {
    "Content-Type": "text/plain;charset=utf-8",
    "Last-Modified": mtime.toUTCString(),
  };
  // Supervisor asks reverse proxies not to buffer process tails.
  if (target.kind === "process") headers["X-Accel-Buffering"] = "no";

  let follower: LogFollower;
  try {
    follower = await TailFollower.open(file, logs.tailfLimit, (bytes) => res.write(bytes), pollMs);
  } catch {
    return sendStatus(res, 404);
  }
  if (res.destroyed || req.destroyed) {
    follower.stop();
    return;
  }
  res.writeHead(200, headers);
  // Headers go out at once: supervisorctl waits for them before printing anything.
  res.flushHeaders();
  streams.add(follower);
  const end = (): void => {
    follower.stop();
    streams.delete(follower);
  };
  res.on("drain", () => follower.resume());
  res.on("close", end);
  res.on("error", end);
  req.socket.on("close", end);
  follower.begin();
  log("trace", `log tail of ${file} started`);
}
