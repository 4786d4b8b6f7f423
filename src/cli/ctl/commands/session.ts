// Session commands: `version` (CTL-SUP-18), `open` (CTL-SUP-19), `quit` / `exit` / end of input
// (CTL-SUP-20) and `help` (CTL-SUP-21, CTL-GEN-09).

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
      ctl.output("Error: version accepts no arguments");
      ctl.exitstatus = Exit.GENERIC;
      for (const line of version.help) ctl.output(line);
      return;
    }
    if (!(await ctl.upcheck())) return;
    ctl.output(pyStr(await ctl.call("supervisor.getSupervisorVersion")));
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
      ctl.output("ERROR: url must be http:// or unix://");
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
    ctl.output("");
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

const HEADER = "default commands (type help <topic>):";

export const help: Command = {
  name: "help",
  listed: false,
  help: ["help\t\tPrint a list of available actions", "help <action>\tPrint help for <action>"],
  async run(ctl, arg) {
    const topic = arg.trim();
    if (topic === "help") {
      for (const line of help.help) ctl.output(line);
      return;
    }
    if (topic !== "") {
      const command = ctl.commands.get(topic);
      if (command?.listed) for (const line of command.help) ctl.output(line);
      else ctl.output(`*** No help on ${topic}`);
      return;
    }
    const names = [...ctl.commands.values()].filter((c) => c.listed).map((c) => c.name).sort();
    ctl.output("");
    ctl.output(HEADER);
    ctl.output("=".repeat(HEADER.length));
    for (const line of columnize(names, 79)) ctl.output(line);
    ctl.output("");
  },
};
