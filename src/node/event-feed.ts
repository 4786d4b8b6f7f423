// The external event interface's feed: what the cluster core, the control engine and the
// statistics publish, turned into Supvisors' events (EVT-10..19). The node wiring listens to those
// layers in an order that keeps Supvisors' sequence: a process event, then that process's status,
// then its application's.

import type { ClusterEvent } from "../cluster/effects.ts";
import type { ClusterState } from "../cluster/state.ts";
import {
  applicationEvent,
  disabilityEvent,
  forcedStateEvent,
  hostStatsEvent,
  instanceEvent,
  processRemovalEvent,
  processStateEvent,
  processStatsEvent,
  processStatusEvent,
  supvisorsEvent,
  type ExternalEvent,
} from "../events/payloads.ts";
import type { CompiledStats } from "../stats/collector.ts";
import type { ControlPublication } from "./control-node.ts";

/** Turns cluster, control and statistics publications into external events; pure but for `emit`. */
export class EventFeed {
  constructor(
    private readonly o: {
      emit(event: ExternalEvent): void;
      cluster(): ClusterState;
      /** Monotonic seconds (the cluster core's clock). */
      now(): number;
    },
  ) {}

  cluster(event: ClusterEvent): void {
    switch (event.topic) {
      case "supvisors":
        return this.o.emit(supvisorsEvent(event.body));
      case "instance":
        return this.o.emit(instanceEvent(event.body));
      case "event":
        if (event.quiet !== true) this.o.emit(processStateEvent(event.body));
        return;
      case "disability": {
        const { identifier: _id, nick_identifier: _nick, event_mtime: _mtime, ...info } = event.body;
        return this.o.emit(disabilityEvent(info));
      }
      case "processRemoved":
        return this.o.emit(processRemovalEvent(event.group, event.name));
      case "instanceLost":
        // The processes set FATAL there come as quiet `event` publications, not shown (above), and
        // as process and application statuses from the control layer: Supvisors publishes no
        // process event for them either (EVT-13).
        return;
    }
  }

  control(publication: ControlPublication): void {
    const now = this.o.now();
    switch (publication.topic) {
      case "application":
        return this.o.emit(applicationEvent(publication.status, now, publication.deleted === true));
      case "process":
        return this.o.emit(processStatusEvent(publication.status, now, publication.deleted === true));
      case "forced": {
        const colon = publication.namespec.indexOf(":");
        const record = this.o.cluster().instances.get(publication.identifier);
        const known = [...this.o.cluster().instances.values()].map((r) => r.processes.get(publication.namespec)).find((p) => p !== undefined);
        return this.o.emit(
          forcedStateEvent({
            identifier: record ? publication.identifier : "",
            nick: record?.identity.nick ?? "",
            group: publication.namespec.slice(0, colon),
            name: publication.namespec.slice(colon + 1),
            state: publication.state,
            reason: publication.reason,
            extraArgs: known?.extra_args ?? "",
            now: publication.when,
            nowMonotonic: publication.at,
            eventMtime: now,
          }),
        );
      }
    }
  }

  stats(compiled: CompiledStats): void {
    this.o.emit(compiled.kind === "host" ? hostStatsEvent(compiled.stats) : processStatsEvent(compiled.stats));
  }
}
