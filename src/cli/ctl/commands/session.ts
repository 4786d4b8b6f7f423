// Session commands: `version` (CTL-SUP-18), `open` (CTL-SUP-19), `quit` / `exit` / end of input
// (CTL-SUP-20) and `help` (CTL-SUP-21, CTL-GEN-09). JSON: version a string, open the new
// server's status, help `{"<section>": [command names]}` or `{"topic", "help": [lines] | null}`.

import { Exit, type Command } from "../controller.ts";
import { columnize } from "../columnize.ts";
import { pyStr } from "../py-format.ts";
import { splitUrl } from "../server-url.ts";
import { runStatus } from "./status.ts";

export const version: Command = {
  name: "version",
  listed: true,
  help: ["version\t\t\tShow the version of the remote supervisord process"],
  async run(ctl, arg) {
    if (arg !== "") {
      ctl.usageError("Error: version accepts no arguments", version.help);
      ctl.exitstatus = Exit.GENERIC;
      return;
    }
    if (!(await ctl.upcheck())) return;
    const value = await ctl.call("supervisor.getSupervisorVersion");
    ctl.value(value, pyStr(value));
  },
};

export const open: Command = {
  name: "open",
  listed: true,
  help: ["open <url>\tConnect to a remote supervisord process.", "\t\t(for UNIX domain socket, use unix:///socket/path)"],
  async run(ctl, arg) {
    const url = arg.trim();
    const { scheme } = splitUrl(url);
    if (scheme !== "unix" && scheme !== "http") {
      ctl.usageError("ERROR: url must be http:// or unix://");
      ctl.exitstatus = Exit.GENERIC;
      return;
    }
    ctl.settings.serverurl = url;
    // Shows the new server's status without letting it change the exit status.
    const previous = ctl.exitstatus;
    await runStatus(ctl, "");
    ctl.exitstatus = previous;
  },
};

/** Leaves the shell after an empty line, as end of input does. */
export const eof: Command = {
  name: "EOF",
  listed: false,
  help: [],
  async run(ctl) {
    ctl.note("");
    return true;
  },
};

export const quit: Command = {
  name: "quit",
  listed: true,
  help: ["quit\tExit the supervisor shell."],
  run: eof.run,
};

export const exit: Command = {
  name: "exit",
  listed: true,
  help: ["exit\tExit the supervisor shell."],
  run: eof.run,
};

const DEFAULT_SECTION = "default";

/** The plugin sections in the order supervisorctl asks its plugins: the default one first. */
function sections(commands: Iterable<Command>): Map<string, Command[]> {
  const bySection = new Map<string, Command[]>([[DEFAULT_SECTION, []]]);
  for (const command of commands) {
    const section = command.section ?? DEFAULT_SECTION;
    if (!bySection.has(section)) bySection.set(section, []);
    bySection.get(section)!.push(command);
  }
  return bySection;
}

/** A command's help as lines (some help texts hold several lines in one string). */
function helpLines(command: Command): string[] {
  return command.help.flatMap((h) => h.split("\n"));
}

export const help: Command = {
  name: "help",
  listed: false,
  help: ["help\t\tPrint a list of available actions", "help <action>\tPrint help for <action>"],
  async run(ctl, arg) {
    const topic = arg.trim();
    if (topic === "help") {
      ctl.value({ topic, help: helpLines(help) }, ...help.help);
      return;
    }
    // Each plugin answers in turn, as supervisorctl's do_help does: a topic gets its help from
    // the plugin that has it and "*** No help on" from every other one.
    const lines: string[] = [];
    const names: { [section: string]: string[] } = {};
    let topicHelp: string[] | null = null;
    for (const [section, commands] of sections(ctl.commands.values())) {
      const listed = commands.filter((c) => c.listed);
      if (topic !== "") {
        const command = listed.find((c) => c.name === topic);
        if (command) {
          lines.push(...command.help);
          topicHelp = helpLines(command);
        } else {
          lines.push(`*** No help on ${topic}`);
        }
        continue;
      }
      lines.push("");
      if (listed.length === 0) continue;
      const sorted = listed.map((c) => c.name).sort();
      names[section] = sorted;
      const header = `${section} commands (type help <topic>):`;
      lines.push(header, "=".repeat(header.length), ...columnize(sorted, 79), "");
    }
    ctl.value(topic === "" ? names : { topic, help: topicHelp }, ...lines);
  },
};
