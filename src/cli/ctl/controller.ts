// The ctl's command interpreter: splits a line into command and argument like Python's cmd
// module, runs the command, turns any unexpected error into supervisorctl's `error: ...` line,
// and keeps the exit status commands set (CTL-GEN-06). Also the up-check every server command
// starts with (CTL-GEN-04) and the login retry on HTTP 401. Commands report what they print
// through it as records (render/renderer.ts), so the same command serves text and --json.

import { Faults, RpcFault } from "../../api/faults.ts";
import type { XmlRpcValue } from "../../api/xmlrpc/value.ts";
import type { ClientFactory, CtlClient } from "./client.ts";
import type { InterruptHub, LineSource } from "./input.ts";
import { EndOfInput, pyStr, renderException } from "./py-errors.ts";
import { failureOf, outcomeStruct, TextRenderer, type Failure, type Outcome, type Renderer } from "./render/index.ts";
import { serverTarget } from "./server-url.ts";
import { ConnectionError, HttpStatusError } from "./transport-errors.ts";

/** LSB init-script exit statuses supervisorctl uses. */
export const Exit = {
  SUCCESS: 0,
  GENERIC: 1,
  INVALID_ARGS: 2,
  UNIMPLEMENTED_FEATURE: 3,
  INSUFFICIENT_PRIVILEGES: 4,
  NOT_INSTALLED: 5,
  NOT_RUNNING: 7,
} as const;

/** LSB `status` action exit statuses. */
export const StatusExit = { NOT_RUNNING: 3, UNKNOWN: 4 } as const;

/** The API version supervisorctl 4.2.5 requires of `supervisor.getVersion`. */
export const API_VERSION = "3.0";

/** Options in effect (command line over `[supervisorctl]` over defaults); `open` and a login change them. */
export interface CtlSettings {
  serverurl: string;
  username: string | null;
  password: string | null;
  /** -i, or no command given: confirmations and login prompts are asked. */
  interactive: boolean;
  prompt: string;
  historyFile: string | null;
}

/** One command. `run` returns true to leave the shell (quit, exit, EOF). */
export interface Command {
  name: string;
  /** Lines printed by `help <name>`. */
  help: readonly string[];
  /** false for commands `help` does not list (help itself, EOF). */
  listed: boolean;
  /**
   * The plugin the command belongs to, as supervisorctl groups commands in `help`
   * (`<section> commands (type help <topic>):`); absent means "default".
   */
  section?: string;
  run(ctl: Controller, arg: string): Promise<boolean | void>;
}

export interface ControllerDeps {
  commands: ReadonlyMap<string, Command>;
  makeClient: ClientFactory;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  input: LineSource;
  interrupts: InterruptHub;
  /** How reports are shown; supervisorctl's text on stdout/stderr when absent. */
  renderer?: Renderer;
}

const IDENT = /[A-Za-z0-9_]/;

/** Python's str.split() / strip() whitespace. */
export function splitArgs(arg: string): string[] {
  return arg.split(/\s+/).filter((w) => w !== "");
}

/**
 * Python cmd.parseline: `?x` is `help x`; the command is the leading identifier characters.
 * @example parseLine("status,x") // { cmd: "status", arg: ",x", line: "status,x" }
 */
export function parseLine(raw: string): { cmd: string | null; arg: string; line: string } {
  let line = raw.trim();
  if (line === "") return { cmd: null, arg: "", line };
  if (line.startsWith("?")) line = "help " + line.slice(1);
  else if (line.startsWith("!")) return { cmd: null, arg: "", line };
  let i = 0;
  while (i < line.length && IDENT.test(line[i]!)) i++;
  return { cmd: line.slice(0, i), arg: line.slice(i).trim(), line };
}

export class Controller {
  exitstatus: number = Exit.SUCCESS;
  readonly settings: CtlSettings;
  readonly #deps: ControllerDeps;
  readonly #renderer: Renderer;

  constructor(settings: CtlSettings, deps: ControllerDeps) {
    this.settings = settings;
    this.#deps = deps;
    this.#renderer = deps.renderer ?? new TextRenderer(deps.stdout, deps.stderr);
  }

  get commands(): ReadonlyMap<string, Command> {
    return this.#deps.commands;
  }

  get interrupts(): InterruptHub {
    return this.#deps.interrupts;
  }

  /** Lines with no data of their own: titles, help, notices (text output only). */
  note(...lines: string[]): void {
    this.#renderer.note(lines);
  }

  /** One element of the command's list answer, printed as `lines`. */
  item(value: XmlRpcValue, ...lines: string[]): void {
    this.#renderer.item(value, lines);
  }

  /** The command's whole answer when it is one value, printed as `lines`. */
  value(value: XmlRpcValue, ...lines: string[]): void {
    this.#renderer.value(value, lines);
  }

  /** The outcome of an action on one target, printed as `lines`. */
  outcome(outcome: Outcome, ...lines: string[]): void {
    this.#renderer.item(outcomeStruct(outcome), lines);
  }

  /** A failure of the command; printed as its message then its help unless `lines` are given. */
  fail(failure: Failure, lines: readonly string[] = [failure.message, ...(failure.help ?? [])]): void {
    this.#renderer.failure(failure, lines);
  }

  /** A bad argument: the message, then the help lines when given. */
  usageError(message: string, help: readonly string[] = []): void {
    this.fail({ kind: "usage", code: null, text: message, message, help });
  }

  /** A failure that an exception or fault stands for, printed as `message`. */
  failWith(err: unknown, message: string): void {
    this.fail(failureOf(err, message));
  }

  /** Raw text to stdout (log streams, the progress line). */
  write(text: string): void {
    this.#renderer.raw(text);
  }

  /** Raw text to stderr (log stream errors). */
  writeError(text: string): void {
    this.#renderer.rawError(text);
  }

  /** Whether live-only output (log streams, fg, the progress line) is shown. */
  get live(): boolean {
    return this.#renderer.live;
  }

  /**
   * Before a command streams its output (tail -f, maintail -f, fg): true when it may. A
   * renderer that prints one document at the end cannot show a stream; the command is refused
   * with exit status 2.
   */
  beginStream(what: string): boolean {
    if (this.#renderer.live) return true;
    this.usageError(`${what} streams its output as it comes and has no --json form`);
    this.exitstatus = Exit.INVALID_ARGS;
    return false;
  }

  /** The command is over: a renderer that prints at the end does so now. */
  finish(): void {
    this.#renderer.finish();
  }

  /** A client for the current URL and credentials; an unusable URL throws here, as in supervisorctl. */
  supervisor(): CtlClient {
    serverTarget(this.settings.serverurl);
    return this.#deps.makeClient(this.settings.serverurl, {
      username: this.settings.username,
      password: this.settings.password,
    });
  }

  /** Shorthand for one call on the current server. */
  call(method: string, ...params: XmlRpcValue[]): Promise<XmlRpcValue> {
    return this.supervisor().call(method, ...params);
  }

  /** A line from the user; end of input raises like Python's input(). */
  async readLine(prompt: string, secret = false): Promise<string> {
    const line = await this.#deps.input.read(prompt, { secret });
    if (line === null) throw new EndOfInput();
    return line;
  }

  /** Same as readLine but gives null at end of input or when `signal` aborts. */
  readLineOrNull(prompt: string, signal?: AbortSignal): Promise<string | null> {
    return this.#deps.input.read(prompt, { signal });
  }

  /** supervisorctl's set_exitstatus_from_xmlrpc_fault. */
  setExitFromFault(code: number, ignored: number | null = null): void {
    if (code === ignored || code === Faults.SUCCESS) return;
    if (code === Faults.SPAWN_ERROR || code === Faults.ABNORMAL_TERMINATION || code === Faults.NOT_RUNNING) {
      this.exitstatus = Exit.NOT_RUNNING;
    } else {
      this.exitstatus = Exit.GENERIC;
    }
  }

  /** CTL-GEN-04: is a compatible supervisord answering? Prints why not and sets the status. */
  async upcheck(): Promise<boolean> {
    try {
      const api = await this.supervisor().call("supervisor.getVersion");
      if (api !== API_VERSION) {
        const message =
          "Sorry, this version of supervisorctl expects to talk to a server with API version " +
          `${API_VERSION}, but the remote version is ${pyStr(api)}.`;
        this.fail({ kind: "version", code: null, text: message, message });
        this.exitstatus = Exit.NOT_INSTALLED;
        return false;
      }
    } catch (e) {
      if (e instanceof RpcFault) {
        if (e.code === Faults.UNKNOWN_METHOD) {
          this.failWith(
            e,
            "Sorry, supervisord responded but did not recognize the supervisor namespace commands " +
              "that supervisorctl uses to control it.  Please check that the [rpcinterface:supervisor] " +
              "section is enabled in the configuration file (see sample.conf).",
          );
          this.exitstatus = Exit.UNIMPLEMENTED_FEATURE;
          return false;
        }
        this.exitstatus = Exit.GENERIC;
      } else if (e instanceof ConnectionError) {
        if (e.kind === "refused") {
          this.failWith(e, `${this.settings.serverurl} refused connection`);
          this.exitstatus = Exit.INSUFFICIENT_PRIVILEGES;
          return false;
        }
        if (e.kind === "nofile") {
          this.failWith(e, `${this.settings.serverurl} no such file`);
          this.exitstatus = Exit.NOT_RUNNING;
          return false;
        }
        this.exitstatus = Exit.GENERIC;
      }
      throw e;
    }
    return true;
  }

  /** Runs one line; true means "leave the shell". Never throws. */
  async onecmd(raw: string): Promise<boolean> {
    const { cmd, arg, line } = parseLine(raw);
    if (line === "") return false;
    const command = cmd ? this.#deps.commands.get(cmd) : undefined;
    if (!command) {
      this.usageError(`*** Unknown syntax: ${line}`);
      this.exitstatus = Exit.GENERIC;
      return false;
    }
    try {
      try {
        return (await command.run(this, arg)) === true;
      } catch (e) {
        if (!(e instanceof HttpStatusError)) throw e;
        if (e.status !== 401) {
          this.exitstatus = Exit.GENERIC;
          throw e;
        }
        this.failWith(e, "Server requires authentication");
        if (this.settings.interactive) {
          const username = await this.readLine("Username:");
          const password = await this.readLine("Password:", true);
          this.note("");
          this.settings.username = username;
          this.settings.password = password;
          return this.onecmd(line);
        }
        this.exitstatus = Exit.GENERIC;
      }
      // supervisorctl runs the command once more after reporting a 401 in one-shot mode; the
      // second refusal is what prints its "error: ... 401 Unauthorized" line.
      await command.run(this, arg);
      return false;
    } catch (e) {
      this.failWith(e, renderException(e));
      this.exitstatus = Exit.GENERIC;
      return false;
    }
  }
}
