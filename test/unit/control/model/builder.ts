// Hand-built cluster snapshots and rules books for the control model's unit tests.
import type { ProcessInfo } from "../../../../src/cluster/messages.ts";
import type { InstanceState } from "../../../../src/cluster/states.ts";
import { mergeRulesTexts } from "../../../../src/config/rules/index.ts";
import type { StartingStrategy } from "../../../../src/config/supvisors-model.ts";
import { RulesBook } from "../../../../src/control/model/rules-book.ts";
import type { ClusterSnapshot, InstanceSnapshot } from "../../../../src/control/model/snapshot.ts";
import type { ProcessStateName } from "../../../../src/process/states.ts";
import { processInfo } from "../../../support/process-info.ts";

/** Identifier of the instance nicknamed `nick`. */
export const id = (nick: string): string => `${nick}.host:60000`;

/**
 * A process report. `name` like `w_02` gets program `w` and index 2 unless given; the monotonic
 * "now" is 100 unless given.
 */
export function proc(group: string, name: string, state: ProcessStateName = "STOPPED", extra: Partial<ProcessInfo> = {}): ProcessInfo {
  const numbered = /^(.*)_(\d+)$/.exec(name);
  return processInfo(group, name, state, {
    process_index: numbered ? Number(numbered[2]) : 0,
    program_name: numbered ? (numbered[1] as string) : name,
    ...extra,
  });
}

export interface InstanceOptions {
  state?: InstanceState;
  /** Machine id; without it the node is the host `<nick>.host`. */
  machine?: string;
  stereotypes?: string[];
}

export function inst(nick: string, processes: ProcessInfo[] = [], options: InstanceOptions = {}): InstanceSnapshot {
  return {
    identity: { identifier: id(nick), nick, host: `${nick}.host`, httpPort: 60000, stereotypes: options.stereotypes ?? [] },
    state: options.state ?? "RUNNING",
    network: options.machine === undefined ? null : { machine_id: options.machine, fqdn: `${nick}.host`, addresses: {} },
    processes: new Map(processes.map((info) => [`${info.group}:${info.name}`, info])),
  };
}

/** A snapshot of `instances` in that order; local is the first one unless named. */
export function cluster(instances: InstanceSnapshot[], localNick?: string): ClusterSnapshot {
  const first = instances[0]?.identity.identifier ?? "";
  return {
    localId: localNick === undefined ? first : id(localNick),
    master: first,
    fsm: "OPERATION",
    instances: new Map(instances.map((instance) => [instance.identity.identifier, instance])),
  };
}

export const RULES_FILE = "/etc/flotilla/rules.xml";

/** A book over one rules file with this content (wrapped in <root> when not already). */
export function book(xml: string, strategy: StartingStrategy = "CONFIG"): RulesBook {
  const text = xml.trimStart().startsWith("<root") ? xml : `<root>\n${xml}\n</root>`;
  return new RulesBook(mergeRulesTexts([{ path: RULES_FILE, text }]).rules, strategy);
}
