#!/usr/bin/env bun
// The flotilla executable: `serve` (the daemon), `ctl` (the supervisorctl work-alike), `check`
// (validate a configuration) and `version`.

import { runServe, SERVE_USAGE } from "./serve.ts";
import { runCheck } from "./check-command.ts";
import { runCtl } from "./ctl/index.ts";
import { FLOTILLA_VERSION } from "../version.ts";

const USAGE = `usage: flotilla <command> [options]

commands:
  serve [options]           run the supervisor (drop-in for supervisord); serve -h
  ctl [options] [command]   control it (drop-in for supervisorctl); 'flotilla ctl help'
  check -c FILE             validate a configuration and print the resolved programs
  version                   print the version
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "serve":
      return runServe(rest);
    case "ctl":
      return runCtl(rest, {
        stdout: (s) => process.stdout.write(s),
        stderr: (s) => process.stderr.write(s),
        stdin: process.stdin,
        isTTY: Boolean(process.stdin.isTTY),
      });
    case "check":
      return runCheck(rest);
    case "version":
    case "--version":
    case "-v":
      process.stdout.write(`${FLOTILLA_VERSION}\n`);
      return 0;
    case undefined:
    case "help":
    case "-h":
    case "--help":
      process.stdout.write(`${USAGE}\n${SERVE_USAGE}`);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`flotilla: unknown command '${command}'\n${USAGE}`);
      return 2;
  }
}

/**
 * Resolves once everything written to `stream` has been handed to the OS. A pipe takes output at
 * its reader's pace, and Bun keeps at most 64 KiB of what is still queued when the process exits:
 * `flotilla check … | less` or `flotilla ctl --json status | jq` would be cut short otherwise.
 */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.end(() => resolve()));
}

process.exitCode = await main(process.argv.slice(2));
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
// Timers or sockets left by a library must not keep a finished command alive.
process.exit(process.exitCode);
