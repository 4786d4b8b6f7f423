// `[eventlistener:x]` sections (CFG-EL-01..04): a pool of listener processes, read like a program
// (every `[program:x]` option, numprocs included) plus `events` (required), `buffer_size` and
// `result_handler`. Checked in supervisord's order, so the first error is the one it would give:
// priority, buffer_size, result_handler, events, redirect_stderr, then the program options.
// The pool's priority defaults to -1 (listeners start first and stop last); each process keeps
// its own `priority` default of 999, as getAllConfigInfo shows on a real supervisord.

import type { LoadContext } from "./context.ts";
import { parseBoolean, parseInteger, parseListOfStrings } from "./datatypes.ts";
import type { GroupConfig } from "./model.ts";
import { processesFromSection, programNameOf } from "./programs.ts";
import { SectionReader, type Names } from "./section.ts";
import { EVENT_TYPE_NAMES, parseEventNames } from "../events/listeners/event-types.ts";

/** The one result handler there is: `OK` accepts an event, anything else rejects it. */
export const DEFAULT_RESULT_HANDLER = "supervisor.dispatchers:default_handler";

/** Reads one `[eventlistener:x]` section into a listener pool group. */
export function listenerPoolFromSection(reader: SectionReader, ctx: LoadContext): GroupConfig {
  const name = programNameOf(reader);
  // supervisord reads these pool options with `here` and ENV_* only, before the program's options.
  const common: Names = { ...ctx.envNames, here: ctx.here };
  const priority = reader.convert("priority", common, "-1", parseInteger);

  const bufferSize = reader.convert("buffer_size", common, "10", parseInteger);
  if (bufferSize < 1) {
    throw reader.error(
      `buffer_size is ${bufferSize}, it must be at least 1: the pool queues that many events for its ` +
        `listeners; write e.g. buffer_size = 10`,
      "buffer_size",
    );
  }

  const resultHandler = reader.string("result_handler", common) ?? DEFAULT_RESULT_HANDLER;
  if (resultHandler.trim() !== DEFAULT_RESULT_HANDLER) {
    throw reader.error(
      `'${resultHandler}' cannot be used: Flotilla is one binary and cannot import Python code, so the ` +
        `only result handler is ${DEFAULT_RESULT_HANDLER} (a listener's result "OK" accepts the event, ` +
        `anything else rejects it and the event is sent again); remove this line`,
      "result_handler",
    );
  }

  const items = parseListOfStrings(reader.string("events", common) ?? "");
  if (items.length === 0) {
    throw reader.error(
      `no events given: an event listener needs an events line naming the event types it receives, ` +
        `e.g. events = PROCESS_STATE,TICK_60`,
      "events",
    );
  }
  const parsed = parseEventNames(items);
  if (!parsed.ok) {
    throw reader.error(
      `unknown event type '${parsed.unknown}'; the event types are ${EVENT_TYPE_NAMES.join(", ")}`,
      "events",
    );
  }

  if (reader.convert("redirect_stderr", common, "false", parseBoolean)) {
    throw reader.error(
      "redirect_stderr=true is not allowed for an event listener: its stdout carries the event " +
        "listener protocol, which stderr output would corrupt; remove the line or set it to false",
      "redirect_stderr",
    );
  }
  const processes = processesFromSection(reader, name, ctx);
  if (processes.some((p) => p.stdout.captureMaxbytes > 0)) {
    ctx.warnings.push(
      `[${reader.section}] (${reader.source.file}:${reader.source.line}): stdout_capture_maxbytes has no ` +
        `effect for an event listener, whose stdout carries the listener protocol; remove it`,
    );
  }

  return {
    name,
    priority,
    processes,
    source: reader.source,
    listener: { events: parsed.names, bufferSize, resultHandler: DEFAULT_RESULT_HANDLER },
  };
}
