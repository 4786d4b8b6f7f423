// A small XML-RPC client for the benchmarks: Flotilla's own codec (encodeCall/decodeResponse) over
// node:http, either with a fresh TCP connection per call or over one kept-alive connection.
// Timing covers request sent → last response byte received; decoding is done after the clock
// stops, so that the client's XML parsing (the same for both daemons) does not dilute the figures.

import { Agent, request } from "node:http";
import type { Socket } from "node:net";
import { decodeResponse, encodeCall, type XmlRpcValue } from "../../src/api/xmlrpc/codec.ts";

export type ConnectionMode = "fresh" | "keepalive";

export interface RawAnswer {
  status: number;
  body: string;
  /** Milliseconds from the start of the request to the last byte of the answer. */
  ms: number;
  /** Local port of the TCP connection the answer came over (to check that keep-alive reuses one). */
  localPort: number | null;
  /** node:http's own word that the request went over an already used connection. */
  reusedSocket: boolean;
}

/** One client bound to a daemon's port and a connection mode. */
export class RpcClient {
  readonly #port: number;
  readonly #agent: Agent;
  readonly mode: ConnectionMode;

  constructor(port: number, mode: ConnectionMode = "fresh") {
    this.#port = port;
    this.mode = mode;
    // maxSockets 1: every call of a kept-alive client goes over the same connection.
    this.#agent = mode === "keepalive" ? new Agent({ keepAlive: true, maxSockets: 1 }) : new Agent({ keepAlive: false });
  }

  /** POSTs one call and returns the raw answer with its timing. */
  raw(method: string, params: XmlRpcValue[] = [], timeoutMs = 120_000): Promise<RawAnswer> {
    const body = Buffer.from(encodeCall(method, params), "utf8");
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const req = request(
        {
          host: "127.0.0.1",
          port: this.#port,
          method: "POST",
          path: "/RPC2",
          agent: this.#agent,
          headers: {
            "Content-Type": "text/xml",
            "Content-Length": String(body.length),
            Connection: this.mode === "keepalive" ? "keep-alive" : "close",
          },
        },
        (res) => {
          // Read now: Bun detaches the socket from the response once it has ended.
          const localPort = (res.socket as Socket | null)?.localPort ?? null;
          const reusedSocket = (req as unknown as { reusedSocket?: boolean }).reusedSocket === true;
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const ms = performance.now() - started;
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString("utf8"),
              ms,
              localPort,
              reusedSocket,
            });
          });
          res.on("error", reject);
        },
      );
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method}: no answer within ${timeoutMs} ms`)));
      req.on("error", reject);
      req.end(body);
    });
  }

  /** Calls `method` and returns its decoded value (throws RpcFault on a fault) and the time taken. */
  async call(method: string, params: XmlRpcValue[] = [], timeoutMs?: number): Promise<{ value: XmlRpcValue; ms: number }> {
    const answer = await this.raw(method, params, timeoutMs);
    if (answer.status !== 200) throw new Error(`${method}: HTTP ${answer.status}`);
    return { value: decodeResponse(answer.body), ms: answer.ms };
  }

  /** Drops the kept-alive connection, if any. */
  close(): void {
    this.#agent.destroy();
  }
}
