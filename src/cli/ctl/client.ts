// The ctl's connection to a supervisord-compatible server: one XML-RPC call per HTTP POST to
// `/RPC2`, over TCP or a unix socket, with Basic auth; and the streaming `GET /logtail/...` /
// `/mainlogtail` reader behind `tail -f`, `maintail -f` and `fg`.

import http from "node:http";
import { decodeResponse, encodeCall } from "../../api/xmlrpc/codec.ts";
import type { XmlRpcValue } from "../../api/xmlrpc/value.ts";
import { serverTarget, type ServerTarget } from "./server-url.ts";
import { HttpStatusError, toConnectionError } from "./transport-errors.ts";

export { ConnectionError, HttpStatusError } from "./transport-errors.ts";

export interface Credentials {
  username: string | null;
  password: string | null;
}

/** A running `GET` stream: `close()` ends it early; `done` settles when it is over. */
export interface TailStream {
  close(): void;
  /** Resolves at the end of the stream or after close(); rejects on a connection error or a non-200 answer. */
  done: Promise<void>;
}

/** What the ctl commands need from a server connection; tests pass a hand-written fake. */
export interface CtlClient {
  call(method: string, ...params: XmlRpcValue[]): Promise<XmlRpcValue>;
  streamTail(path: string, onChunk: (s: string) => void): TailStream;
}

/** Builds a client for a URL and credentials (the ctl rebuilds it after `open` or a login). */
export type ClientFactory = (serverurl: string, auth: Credentials) => CtlClient;

function basicAuth(username: string | null, password: string | null): string {
  return "Basic " + Buffer.from(`${username ?? "None"}:${password ?? "None"}`, "utf8").toString("base64");
}

function requestOptions(target: ServerTarget, method: string, path: string, headers: Record<string, string>) {
  // Default agent on purpose, measured against supervisord 4.2.5: with `agent: false` Bun's
  // node:http never delivers a streamed (logtail) response, and a `Connection: close` header
  // gets the connection reset by supervisord's HTTP server.
  const base = { method, path, headers: { Host: target.hostHeader, ...headers } };
  return target.kind === "unix" ? { ...base, socketPath: target.socketPath } : { ...base, host: target.host, port: target.port };
}

/**
 * XML-RPC over HTTP to supervisord.
 * @example await new RpcClient("http://127.0.0.1:9001", { username: null, password: null }).call("supervisor.getVersion") // "3.0"
 */
export class RpcClient implements CtlClient {
  readonly #serverurl: string;
  readonly #auth: Credentials;

  constructor(serverurl: string, auth: Credentials) {
    this.#serverurl = serverurl;
    this.#auth = auth;
  }

  /** Throws RpcFault for a fault answer, ConnectionError, HttpStatusError, or the URL's ValueError. */
  async call(method: string, ...params: XmlRpcValue[]): Promise<XmlRpcValue> {
    const target = serverTarget(this.#serverurl);
    const body = Buffer.from(encodeCall(method, params), "utf8");
    const headers: Record<string, string> = {
      "User-Agent": "flotilla-ctl",
      "Content-Type": "text/xml",
      Accept: "text/xml",
      "Content-Length": String(body.length),
    };
    // supervisorctl sends credentials only when both are known.
    if (this.#auth.username !== null && this.#auth.password !== null) {
      headers.Authorization = basicAuth(this.#auth.username, this.#auth.password);
    }
    return new Promise<XmlRpcValue>((resolve, reject) => {
      const req = http.request(requestOptions(target, "POST", "/RPC2", headers), (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", (e) => reject(toConnectionError(e)));
        res.on("end", () => {
          if (res.statusCode !== 200) {
            reject(new HttpStatusError(res.statusCode ?? 0, res.statusMessage ?? ""));
            return;
          }
          try {
            resolve(decodeResponse(Buffer.concat(chunks).toString("utf8")));
          } catch (e) {
            reject(e);
          }
        });
      });
      req.on("error", (e) => reject(toConnectionError(e)));
      req.end(body);
    });
  }

  /**
   * Follows a log stream (`/logtail/NAME/stdout`, `/mainlogtail`), handing each decoded chunk
   * to `onChunk` until the server ends it or close() is called.
   */
  streamTail(path: string, onChunk: (s: string) => void): TailStream {
    let target: ServerTarget;
    try {
      target = serverTarget(this.#serverurl);
    } catch (e) {
      return { close() {}, done: Promise.reject(e) };
    }
    const headers: Record<string, string> = { Accept: "*/*", "User-agent": "flotilla-ctl" };
    // The log tail client of supervisorctl sends credentials whenever a password is set.
    if (this.#auth.password) headers.Authorization = basicAuth(this.#auth.username, this.#auth.password);
    let closed = false;
    let req: http.ClientRequest | null = null;
    const done = new Promise<void>((resolve, reject) => {
      req = http.request(requestOptions(target, "GET", path, headers), (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new HttpStatusError(res.statusCode ?? 0, res.statusMessage ?? ""));
          return;
        }
        // A multi-byte character may be cut between two chunks: decode as one stream.
        const decoder = new TextDecoder("utf-8");
        res.on("data", (c: Buffer) => {
          const text = decoder.decode(c, { stream: true });
          if (text !== "" && !closed) onChunk(text);
        });
        res.on("end", () => resolve());
        res.on("close", () => resolve());
        res.on("error", (e) => (closed ? resolve() : reject(toConnectionError(e))));
      });
      req.on("error", (e) => (closed ? resolve() : reject(toConnectionError(e))));
      req.on("close", () => {
        if (closed) resolve();
      });
      req.end();
    });
    return {
      close() {
        if (closed) return;
        closed = true;
        req?.destroy();
      },
      done,
    };
  }
}

/** The factory the real ctl uses. */
export const httpClientFactory: ClientFactory = (serverurl, auth) => new RpcClient(serverurl, auth);
