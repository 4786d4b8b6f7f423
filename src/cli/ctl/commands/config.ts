// The configuration commands (CTL-SUP-11..15): `avail` lists what is configured, `reread` shows
// what changed on disk, `add` / `remove` activate or drop groups, `update` applies every change.
// JSON: avail gives getAllConfigInfo's structs, reread `{"added", "changed", "removed"}`, add /
// remove / update one outcome per line (update's with `"step": "stop"|"remove"|"update"|"add"`).

import { Faults, RpcFault } from "../../../api/faults.ts";
import type { XmlRpcValue } from "../../../api/xmlrpc/value.ts";
import { Exit, splitArgs, type Command, type Controller } from "../controller.ts";
import { pyStr } from "../py-format.ts";
import { faultError } from "../render/index.ts";
import { asArray, asStruct, field, namespec, toStatusResult, truthy, unknownTarget } from "./results.ts";

function refuseArgs(ctl: Controller, command: Command, arg: string): boolean {
  if (arg === "") return false;
  ctl.usageError(`Error: ${command.name} accepts no arguments`, command.help);
  ctl.exitstatus = Exit.GENERIC;
  return true;
}

function names(value: XmlRpcValue | undefined): string[] {
  return asArray(value ?? []).map((v) => pyStr(v));
}

/** reloadConfig's `[[added, changed, removed]]`. */
function changes(result: XmlRpcValue): [string[], string[], string[]] {
  const first = asArray(asArray(result)[0] ?? []);
  return [names(first[0]), names(first[1]), names(first[2])];
}

function pad(s: string, n: number): string {
  return s + " ".repeat(Math.max(0, n - [...s].length));
}

/** One `avail` line: `%-32s %-9s %-9s %s`. */
export function availLine(info: XmlRpcValue): string {
  const s = asStruct(info);
  const name = namespec(pyStr(field(s, "group")), pyStr(field(s, "name")));
  const inuse = truthy(field(s, "inuse")) ? "in use" : "avail";
  const auto = truthy(field(s, "autostart")) ? "auto" : "manual";
  return `${pad(name, 32)} ${pad(inuse, 9)} ${pad(auto, 9)} ${pyStr(field(s, "group_prio"))}:${pyStr(field(s, "process_prio"))}`;
}

export const avail: Command = {
  name: "avail",
  listed: true,
  help: ["avail\t\t\tDisplay all configured processes"],
  async run(ctl, arg) {
    if (refuseArgs(ctl, avail, arg)) return;
    let infos;
    try {
      infos = asArray(await ctl.call("supervisor.getAllConfigInfo"));
    } catch (e) {
      if (!(e instanceof RpcFault)) throw e;
      ctl.exitstatus = Exit.GENERIC;
      if (e.code !== Faults.SHUTDOWN_STATE) throw e;
      ctl.failWith(e, "ERROR: supervisor shutting down");
      return;
    }
    for (const info of infos) ctl.item(info, availLine(info));
  },
};

export const reread: Command = {
  name: "reread",
  listed: true,
  help: ["reread \t\t\tReload the daemon's configuration files without add/remove"],
  async run(ctl, arg) {
    if (refuseArgs(ctl, reread, arg)) return;
    let result;
    try {
      result = await ctl.call("supervisor.reloadConfig");
    } catch (e) {
      if (!(e instanceof RpcFault)) throw e;
      ctl.exitstatus = Exit.GENERIC;
      if (e.code === Faults.SHUTDOWN_STATE) ctl.failWith(e, "ERROR: supervisor shutting down");
      else if (e.code === Faults.CANT_REREAD) ctl.failWith(e, `ERROR: ${e.faultString}`);
      else throw e;
      return;
    }
    const [added, changed, dropped] = changes(result);
    const answer = { added, changed, removed: dropped };
    // A name in several lists takes the last kind, as a dict update would.
    const kinds = new Map<string, string>();
    for (const n of added) kinds.set(n, "available");
    for (const n of changed) kinds.set(n, "changed");
    for (const n of dropped) kinds.set(n, "disappeared");
    if (kinds.size === 0) {
      ctl.value(answer, "No config updates to processes");
      return;
    }
    ctl.value(answer, ...[...kinds.keys()].sort().map((n) => `${n}: ${kinds.get(n)}`));
  },
};

export const add: Command = {
  name: "add",
  listed: true,
  help: ["add <name> [...]\tActivates any updates in config for process/group"],
  async run(ctl, arg) {
    // Checked even with no names: supervisorctl builds its connection first and fails on a bad URL.
    ctl.supervisor();
    for (const name of splitArgs(arg)) {
      try {
        await ctl.call("supervisor.addProcessGroup", name);
      } catch (e) {
        if (!(e instanceof RpcFault)) throw e;
        const failed = { name, ok: false, error: faultError(e) };
        if (e.code === Faults.SHUTDOWN_STATE) {
          ctl.outcome(failed, "ERROR: shutting down");
          ctl.exitstatus = Exit.GENERIC;
        } else if (e.code === Faults.ALREADY_ADDED) {
          ctl.outcome(failed, "ERROR: process group already active");
        } else if (e.code === Faults.BAD_NAME) {
          ctl.outcome(failed, `ERROR: no such process/group: ${name}`);
          ctl.exitstatus = Exit.GENERIC;
        } else {
          ctl.exitstatus = Exit.GENERIC;
          throw e;
        }
        continue;
      }
      ctl.outcome({ name, ok: true }, `${name}: added process group`);
    }
  },
};

export const remove: Command = {
  name: "remove",
  listed: true,
  help: ["remove <name> [...]\tRemoves process/group from active config"],
  async run(ctl, arg) {
    ctl.supervisor();
    for (const name of splitArgs(arg)) {
      try {
        await ctl.call("supervisor.removeProcessGroup", name);
      } catch (e) {
        if (!(e instanceof RpcFault)) throw e;
        ctl.exitstatus = Exit.GENERIC;
        const failed = { name, ok: false, error: faultError(e) };
        if (e.code === Faults.STILL_RUNNING) ctl.outcome(failed, `ERROR: process/group still running: ${name}`);
        else if (e.code === Faults.BAD_NAME) ctl.outcome(failed, `ERROR: no such process/group: ${name}`);
        else throw e;
        continue;
      }
      ctl.outcome({ name, ok: true }, `${name}: removed process group`);
    }
  },
};

export const update: Command = {
  name: "update",
  listed: true,
  help: [
    "update\t\t\tReload config and add/remove as necessary, and will restart affected programs",
    "update all\t\tReload config and add/remove as necessary, and will restart affected programs",
    "update <gname> [...]\tUpdate specific groups",
  ],
  async run(ctl, arg) {
    ctl.supervisor();
    let result;
    try {
      result = await ctl.call("supervisor.reloadConfig");
    } catch (e) {
      if (!(e instanceof RpcFault)) throw e;
      ctl.exitstatus = Exit.GENERIC;
      if (e.code !== Faults.SHUTDOWN_STATE) throw e;
      ctl.failWith(e, "ERROR: already shutting down");
      return;
    }
    const [added, changed, removed] = changes(result);
    const done = (gname: string, step: string, line: string) => ctl.outcome({ name: gname, ok: true, fields: { step } }, line);
    let wanted = new Set(splitArgs(arg));
    if (wanted.has("all")) wanted = new Set();
    if (wanted.size > 0) {
      const groups = new Set<string>(added);
      for (const info of asArray(await ctl.call("supervisor.getAllProcessInfo"))) {
        groups.add(pyStr(field(asStruct(info), "group")));
      }
      for (const gname of wanted) {
        if (!groups.has(gname)) {
          ctl.outcome(unknownTarget(gname, "no such group"), `ERROR: no such group: ${gname}`);
          ctl.exitstatus = Exit.GENERIC;
        }
      }
    }
    const selected = (gname: string) => wanted.size === 0 || wanted.has(gname);
    for (const gname of removed.filter(selected)) {
      const results = asArray(await ctl.call("supervisor.stopProcessGroup", gname)).map(toStatusResult);
      done(gname, "stop", `${gname}: stopped`);
      if (results.some((r) => r.status === Faults.FAILED)) {
        const error = { code: Faults.FAILED, text: "has problems; not removing" };
        ctl.outcome({ name: gname, ok: false, error, fields: { step: "remove" } }, `${gname}: has problems; not removing`);
        ctl.exitstatus = Exit.GENERIC;
        continue;
      }
      await ctl.call("supervisor.removeProcessGroup", gname);
      done(gname, "remove", `${gname}: removed process group`);
    }
    for (const gname of changed.filter(selected)) {
      await ctl.call("supervisor.stopProcessGroup", gname);
      done(gname, "stop", `${gname}: stopped`);
      await ctl.call("supervisor.removeProcessGroup", gname);
      await ctl.call("supervisor.addProcessGroup", gname);
      done(gname, "update", `${gname}: updated process group`);
    }
    for (const gname of added.filter(selected)) {
      await ctl.call("supervisor.addProcessGroup", gname);
      done(gname, "add", `${gname}: added process group`);
    }
  },
};
