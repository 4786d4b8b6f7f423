// A hand-written stand-in for the ctl's server connection: answers per method, records calls,
// and plays log streams from arrays. Used by the command tests.

import { Faults, RpcFault } from "../../../src/api/faults.ts";
import type { XmlRpcValue } from "../../../src/api/xmlrpc/value.ts";
import type { ClientFactory, CtlClient, TailStream } from "../../../src/cli/ctl/client.ts";
import { waitFor as sharedWaitFor } from "../../support/wait-for.ts";

export type Answer = XmlRpcValue | Error | ((...params: XmlRpcValue[]) => XmlRpcValue | Promise<XmlRpcValue>);

export interface FakeServer {
  answers: Record<string, Answer>;
  calls: Array<{ url: string; method: string; params: XmlRpcValue[]; username: string | null; password: string | null }>;
  /** Chunks played by streamTail per path; "hold" keeps the stream open until closed. */
  streams: Record<string, { chunks: string[]; end: "close" | "hold" | Error }>;
  streamPaths: string[];
  factory: ClientFactory;
}

/** A server answering getVersion "3.0" plus `answers`; unknown methods fault UNKNOWN_METHOD. */
export function fakeServer(answers: Record<string, Answer> = {}): FakeServer {
  const server: FakeServer = {
    answers: { "supervisor.getVersion": "3.0", ...answers },
    calls: [],
    streams: {},
    streamPaths: [],
    factory: (url, auth) => client(url, auth.username, auth.password),
  };
  const client = (url: string, username: string | null, password: string | null): CtlClient => ({
    async call(method, ...params) {
      server.calls.push({ url, method, params, username, password });
      const answer = server.answers[method];
      if (answer === undefined) throw new RpcFault(Faults.UNKNOWN_METHOD);
      if (answer instanceof Error) throw answer;
      if (typeof answer === "function") return answer(...params);
      return answer;
    },
    streamTail(path, onChunk): TailStream {
      server.streamPaths.push(path);
      const spec = server.streams[path] ?? { chunks: [], end: "hold" as const };
      let close: () => void = () => {};
      const done = new Promise<void>((resolve, reject) => {
        close = resolve;
        queueMicrotask(() => {
          for (const chunk of spec.chunks) onChunk(chunk);
          if (spec.end === "close") resolve();
          else if (spec.end instanceof Error) reject(spec.end);
        });
      });
      return { close: () => close(), done };
    },
  });
  return server;
}

/** A process info struct as supervisord returns it. */
export function info(group: string, name: string, statename: string, description: string, pid = 0): XmlRpcValue {
  const states: Record<string, number> = {
    STOPPED: 0, STARTING: 10, RUNNING: 20, BACKOFF: 30, STOPPING: 40, EXITED: 100, FATAL: 200, UNKNOWN: 1000,
  };
  return { group, name, statename, state: states[statename]!, description, pid };
}

/** A status struct of the group/all methods. */
export function result(group: string, name: string, status: number, description = "OK"): XmlRpcValue {
  return { group, name, status, description };
}

/** The shared wait, with the check first as this folder's tests write it. */
export async function waitFor(check: () => boolean, ms = 2000, what = "condition"): Promise<void> {
  await sharedWaitFor(what, check, ms);
}
