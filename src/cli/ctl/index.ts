// `flotilla ctl`: a supervisorctl work-alike. Reads the command line and `[supervisorctl]`, then
// runs one command (exit status = the command's) or the interactive shell (exit status 0). With
// --json, the command's report is one JSON document on stdout instead of supervisorctl's text.
//
// @example await runCtl(["-s", "http://127.0.0.1:9001", "status"], { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) })

import fs from "node:fs";
import { jsonRequested, parseCtlArgs, usageText, UsageError } from "./argv.ts";
import { httpClientFactory, type ClientFactory } from "./client.ts";
import { Controller, type CtlSettings } from "./controller.ts";
import { commandTable } from "./commands/index.ts";
import { CtlConfigError, DEFAULT_SEARCH_PATHS, findConfigFile, readCtlConfig, type CtlFileSettings } from "./ctl-config.ts";
import { InterruptHub, PlainLineSource, TtyLineSource, type LineSource, type ReadOptions } from "./input.ts";
import { JsonRenderer } from "./render/index.ts";
import { runShell } from "./shell.ts";

export { RpcClient, ConnectionError, HttpStatusError, type CtlClient, type ClientFactory } from "./client.ts";

export interface CtlIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Lines for the shell, confirmations, logins and `fg`; a Node stream when isTTY. */
  stdin?: AsyncIterable<string | Uint8Array> | null;
  isTTY?: boolean;
  /** Ctrl-C from the embedder (tests); the process's SIGINT is watched too unless told not to. */
  interrupt?: AbortSignal;
}

export interface RunCtlOptions {
  /** Used when no -c is given, before searching the default paths. */
  configPath?: string;
  searchPaths?: readonly string[];
  /** Name shown in usage messages. */
  progname?: string;
  env?: Record<string, string | undefined>;
  makeClient?: ClientFactory;
  /** Listen to process SIGINT while a stream or the shell waits (default true). */
  watchSigint?: boolean;
}

/** Creates the real line source on first use, so a one-shot command never touches the terminal. */
class LazyLineSource implements LineSource {
  #source: LineSource | null = null;
  constructor(readonly create: () => LineSource) {}
  read(prompt: string, opts?: ReadOptions): Promise<string | null> {
    this.#source ??= this.create();
    return this.#source.read(prompt, opts);
  }
  close(): void {
    this.#source?.close();
  }
}

function isNodeStream(x: unknown): x is NodeJS.ReadableStream {
  return typeof x === "object" && x !== null && typeof (x as { on?: unknown }).on === "function";
}

function readHistory(file: string | null): string[] {
  if (!file) return [];
  try {
    return fs.readFileSync(file, "utf8").split("\n").filter((l) => l !== "");
  } catch {
    return [];
  }
}

function saveHistory(file: string, lines: string[]): void {
  try {
    fs.writeFileSync(file, lines.map((l) => l + "\n").join(""));
  } catch {
    // supervisorctl ignores an unwritable history file too.
  }
}

/** Runs `flotilla ctl` with `argv` (what follows "ctl"); resolves to the exit status. */
export async function runCtl(argv: string[], io: CtlIo, opts: RunCtlOptions = {}): Promise<number> {
  const progname = opts.progname ?? "flotilla ctl";
  const json = jsonRequested(argv);
  const usage = (message: string, kind: "usage" | "config") => {
    if (json) {
      // The same mistake, as the one document a script reads.
      const renderer = new JsonRenderer(io.stdout, io.stderr);
      renderer.failure({ kind, code: null, text: message, message: `Error: ${message}` }, []);
      renderer.finish();
    } else {
      io.stderr(`Error: ${message}\nFor help, use ${progname} -h\n`);
    }
    return 2;
  };
  let args;
  let file: CtlFileSettings | null = null;
  try {
    args = parseCtlArgs(argv);
    if (args.help) {
      io.stdout(usageText(progname));
      return 0;
    }
    const path = args.configFile ?? opts.configPath ?? findConfigFile(opts.searchPaths ?? DEFAULT_SEARCH_PATHS);
    if (path !== null) file = readCtlConfig(path, opts.env ?? process.env);
  } catch (e) {
    if (e instanceof UsageError) return usage(e.message, "usage");
    if (e instanceof CtlConfigError) return usage(e.message, "config");
    throw e;
  }
  const settings: CtlSettings = {
    serverurl: args.serverurl ?? file?.serverurl ?? "http://localhost:9001",
    username: args.username ?? file?.username ?? null,
    password: args.password ?? file?.password ?? null,
    interactive: args.interactive || args.command.length === 0,
    prompt: file?.prompt ?? "supervisor",
    historyFile: args.historyFile ?? file?.historyFile ?? null,
  };
  const shell = args.command.length === 0;
  const interrupts = new InterruptHub(opts.watchSigint ?? true);
  const onAbort = () => interrupts.fire();
  io.interrupt?.addEventListener("abort", onAbort);
  const input = new LazyLineSource(() => {
    if (io.isTTY && isNodeStream(io.stdin)) {
      const historyFile = shell ? settings.historyFile : null;
      return new TtyLineSource(io.stdin, io.stdout, interrupts, {
        file: historyFile,
        initial: readHistory(historyFile),
        save: saveHistory,
      });
    }
    return new PlainLineSource(io.stdin, io.stdout, io.stderr);
  });
  const ctl = new Controller(settings, {
    commands: commandTable(),
    makeClient: opts.makeClient ?? httpClientFactory,
    stdout: io.stdout,
    stderr: io.stderr,
    input,
    interrupts,
    renderer: args.json ? new JsonRenderer(io.stdout, io.stderr) : undefined,
  });
  try {
    if (!shell) {
      await ctl.onecmd(args.command.join(" "));
      ctl.finish();
      return ctl.exitstatus;
    }
    return await runShell(ctl);
  } finally {
    io.interrupt?.removeEventListener("abort", onAbort);
    input.close();
  }
}
