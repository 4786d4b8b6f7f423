// POST /RPC2: reads the body under a size cap, decodes the call, dispatches it through the
// registry and writes the XML answer. Status codes follow Supervisor (RPC-GEN-03): 200 for
// results and faults, 400 for an unreadable body or missing method name, 500 for an unexpected
// exception, plus 413 when the body is larger than allowed. An optional observer is told how each
// request ended and how long it took (the metrics).

import type { IncomingMessage, ServerResponse } from "node:http";
import { RpcFault } from "../faults.ts";
import type { RpcRegistry } from "../registry.ts";
import { decodeCall, encodeFault, encodeResponse, XmlRpcParseError } from "../xmlrpc/codec.ts";
import type { XmlRpcCall } from "../xmlrpc/value.ts";
import { sendStatus } from "./status.ts";
import type { HttpLogger, RpcObserver, RpcOutcome } from "./types.ts";

/** The body as text, or null once a 413 has been sent because it grew past `limit`. */
export function readBodyCapped(req: IncomingMessage, res: ServerResponse, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > limit) {
      refuseTooLarge(req, res);
      resolve(null);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        // Measured while streaming: a body without Content-Length cannot grow memory past the cap.
        done = true;
        chunks.length = 0;
        refuseTooLarge(req, res);
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks).toString("utf8"));
    });
    req.on("error", (err) => {
      if (done) return;
      done = true;
      reject(err);
    });
  });
}

function refuseTooLarge(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader("Connection", "close");
  sendStatus(res, 413);
  // The rest of the body is not wanted: drop the connection once the answer is out.
  res.on("finish", () => req.socket.destroy());
}

function sendXml(res: ServerResponse, body: string): void {
  // The string goes to the socket as it is: a copy into a Buffer of our own first cost a
  // 1 000-process answer (1.3 MB) more than encoding it.
  res.writeHead(200, { "Content-Type": "text/xml", "Content-Length": String(Buffer.byteLength(body, "utf8")) });
  res.end(body, "utf8");
}

/** Handles one XML-RPC request end to end, then tells `observe` how it ended; never throws. */
export async function handleRpc(
  req: IncomingMessage,
  res: ServerResponse,
  registry: RpcRegistry,
  maxBodyBytes: number,
  log: HttpLogger,
  observe?: RpcObserver,
): Promise<void> {
  const started = performance.now();
  let method = "(none)";
  let outcome: RpcOutcome = "error";
  try {
    outcome = await answerRpc(req, res, registry, maxBodyBytes, log, (name) => {
      method = registry.get(name) === undefined ? "(unknown)" : name;
    });
  } finally {
    observe?.(method, (performance.now() - started) / 1000, outcome);
  }
}

async function answerRpc(
  req: IncomingMessage,
  res: ServerResponse,
  registry: RpcRegistry,
  maxBodyBytes: number,
  log: HttpLogger,
  decoded: (method: string) => void,
): Promise<RpcOutcome> {
  let call: XmlRpcCall;
  try {
    const body = await readBodyCapped(req, res, maxBodyBytes);
    if (body === null) {
      log("warn", `XML-RPC request body over ${maxBodyBytes} bytes refused (413)`);
      return "error";
    }
    call = decodeCall(body);
  } catch (err) {
    const why = err instanceof XmlRpcParseError ? err.message : String(err);
    log("warn", `XML-RPC request refused (400): ${why}`);
    if (!res.headersSent) sendStatus(res, 400);
    return "error";
  }
  decoded(call.method);
  try {
    const value = await registry.dispatch(call.method, call.params);
    sendXml(res, encodeResponse(value));
    log("trace", `XML-RPC method ${call.method}() returned successfully`);
    return "ok";
  } catch (err) {
    if (err instanceof RpcFault) {
      log("trace", `XML-RPC method ${call.method}() returned fault: [${err.code}] ${err.faultString}`);
      sendXml(res, encodeFault(err.code, err.faultString));
      return "fault";
    }
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    log("critical", `XML-RPC method ${call.method}() raised an unexpected error: ${detail}`);
    if (!res.headersSent) sendStatus(res, 500);
    else res.destroy();
    return "error";
  }
}
