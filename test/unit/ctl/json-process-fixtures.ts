// Shared data of the --json tests of supervisorctl's own commands: process infos and a fake
// server answering the process control methods with their usual faults, plus the outcome shapes.

import { Faults, RpcFault } from "../../../src/api/faults.ts";
import type { XmlRpcValue } from "../../../src/api/xmlrpc/value.ts";
import { fakeServer, info, result, type FakeServer } from "./fake-client.ts";

export const INFOS = [
  info("crasher", "crasher", "FATAL", "Exited too quickly (process log may have details)"),
  info("grp", "ga", "RUNNING", "pid 6852, uptime 0:00:02", 6852),
  info("grp", "gb", "RUNNING", "pid 6853, uptime 0:00:02", 6853),
  info("manual", "manual", "STOPPED", "Not started"),
  info("sleeper", "sleeper", "RUNNING", "pid 6857, uptime 0:00:02", 6857),
];
export const [CRASHER, GA, GB, MANUAL, SLEEPER] = INFOS;

/** A successful outcome. */
export const ok = (name: string, extra: Record<string, XmlRpcValue> = {}) => ({ name, ...extra, ok: true });
/** A failed outcome. */
export const failed = (name: string, code: number | null, text: string, extra: Record<string, XmlRpcValue> = {}) => ({
  name, ...extra, ok: false, error: { code, text },
});

/** A supervisord with INFOS; start/stop/signal/clear fault as supervisord would. */
export function server(): FakeServer {
  const byName = new Map(INFOS.map((i) => [`${(i as { group: string }).group}:${(i as { name: string }).name}`, i]));
  const lookup = (spec: XmlRpcValue) => {
    const s = String(spec);
    const found = byName.get(s.includes(":") ? s : `${s}:${s}`);
    if (!found) throw new RpcFault(Faults.BAD_NAME, s);
    return found;
  };
  const single = (faults: Record<string, number>) => (name: XmlRpcValue) => {
    const n = String(name);
    if (n.startsWith("nosuch")) throw new RpcFault(Faults.BAD_NAME, n);
    if (faults[n] !== undefined) throw new RpcFault(faults[n]!, n);
    return true;
  };
  const group = (results: XmlRpcValue[]) => (name: XmlRpcValue) => {
    if (name !== "grp") throw new RpcFault(Faults.BAD_NAME, String(name));
    return results;
  };
  const both = [result("grp", "gb", Faults.SUCCESS), result("grp", "ga", Faults.SUCCESS)];
  return fakeServer({
    "supervisor.getAllProcessInfo": INFOS,
    "supervisor.getProcessInfo": lookup,
    "supervisor.getPID": 6826,
    "supervisor.getSupervisorVersion": "4.2.5",
    "supervisor.startProcess": single({ crasher: Faults.SPAWN_ERROR, sleeper: Faults.ALREADY_STARTED }),
    "supervisor.stopProcess": single({ manual: Faults.NOT_RUNNING }),
    "supervisor.startProcessGroup": group(both),
    "supervisor.stopProcessGroup": group(both),
    "supervisor.startAllProcesses": [
      result("grp", "gb", Faults.SUCCESS),
      result("crasher", "crasher", Faults.SPAWN_ERROR, "SPAWN_ERROR: crasher"),
    ],
    "supervisor.signalProcess": single({ manual: Faults.NOT_RUNNING }),
    "supervisor.signalAllProcesses": [result("grp", "gb", Faults.SUCCESS), result("manual", "manual", Faults.NOT_RUNNING, "NOT_RUNNING: manual")],
    "supervisor.clearProcessLogs": single({}),
    "supervisor.clearAllProcessLogs": [result("sleeper", "sleeper", Faults.FAILED, "FAILED: x")],
    "supervisor.readProcessStdoutLog": (name) => {
      if (name === "nosuch") throw new RpcFault(Faults.BAD_NAME, "nosuch");
      return "line 1\nline 2\n";
    },
    "supervisor.readLog": "main log\n",
  });
}

