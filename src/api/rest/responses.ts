// The JSON answers of the REST API and their status codes (REST-04): a result is 200; an XML-RPC
// fault is 400 {"message": faultString, "code": faultCode}; an unusable parameter is 400 with the
// parameter named (flask-restx's shape); an unknown route 404 and a wrong method 405 with Allow
// (Werkzeug's texts); any other error 500 {"message"}. Bodies end with a newline, as
// flask-restx writes them.

import type { RpcFault } from "../faults.ts";
import type { XmlRpcValue } from "../xmlrpc/value.ts";
import { toJsonText } from "./json.ts";
import type { RestInputError } from "./args.ts";

export const NOT_FOUND_MESSAGE =
  "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.";
export const METHOD_NOT_ALLOWED_MESSAGE = "The method is not allowed for the requested URL.";
export const INPUT_FAILED_MESSAGE = "Input payload validation failed";

/** A JSON answer; `head` leaves the body out (HEAD requests) but keeps the headers. */
export function jsonResponse(status: number, value: XmlRpcValue, head = false, headers: Record<string, string> = {}): Response {
  const text = `${toJsonText(value)}\n`;
  return new Response(head ? null : text, {
    status,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store", ...headers },
  });
}

export function faultResponse(fault: RpcFault, head = false): Response {
  return jsonResponse(400, { message: fault.faultString, code: fault.code }, head);
}

export function inputErrorResponse(err: RestInputError, head = false): Response {
  return jsonResponse(400, { message: INPUT_FAILED_MESSAGE, errors: { [err.param]: err.detail } }, head);
}

export function messageResponse(status: number, message: string, head = false, headers: Record<string, string> = {}): Response {
  return jsonResponse(status, { message }, head, headers);
}

export function notFoundResponse(head = false): Response {
  return messageResponse(404, NOT_FOUND_MESSAGE, head);
}

export function methodNotAllowedResponse(allow: string[], head = false): Response {
  return messageResponse(405, METHOD_NOT_ALLOWED_MESSAGE, head, { Allow: allow.join(", ") });
}

/** The answer to OPTIONS: the methods only, as Flask gives it. */
export function optionsResponse(allow: string[]): Response {
  return new Response(null, { status: 200, headers: { Allow: allow.join(", ") } });
}

/**
 * A route whose XML-RPC method this instance does not have: supvisors.* methods exist only when
 * the configuration has a Supvisors section.
 * @example unavailableMessage("supvisors.get_api_version")
 */
export function unavailableMessage(rpc: string): string {
  const why = rpc.startsWith("supvisors.")
    ? ": its configuration has no [rpcinterface:supvisors] (or [supvisors]) section"
    : "";
  return `${rpc} is not available on this instance${why}`;
}
