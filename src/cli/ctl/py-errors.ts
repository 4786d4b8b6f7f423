// How supervisorctl shows an error it did not expect. Its command loop catches every exception
// and prints `error: <class 'X'>, <message>`; scripts see these lines, so the class names and
// messages follow Python's. Python also appends `: file: <path> line: <n>` (a location in its own
// sources); we leave that part out, as there is no Python file to point at.

import { RpcFault } from "../../api/faults.ts";
import { pyRepr } from "./py-format.ts";
import { ConnectionError, HttpStatusError } from "./transport-errors.ts";

export { pyRepr, pyStr } from "./py-format.ts";

/** An error that renders as a given Python exception class. */
export class PyStyleError extends Error {
  constructor(
    readonly pyClass: string,
    message: string,
  ) {
    super(message);
    this.name = "PyStyleError";
  }
}

/** End of input where a line was needed (Python's `input()` raising EOFError). */
export class EndOfInput extends PyStyleError {
  constructor() {
    super("EOFError", "EOF when reading a line");
  }
}

/**
 * `str()` of an xmlrpc.client.Fault.
 * @example faultRepr(new RpcFault(10, "foo")) // "<Fault 10: 'BAD_NAME: foo'>"
 */
export function faultRepr(fault: RpcFault): string {
  return `<Fault ${fault.code}: ${pyRepr(fault.faultString)}>`;
}

/** Python's class and message for an OS-level connection failure. */
export function connectionErrorParts(err: ConnectionError): { pyClass: string; message: string } {
  switch (err.kind) {
    case "refused":
      return { pyClass: "ConnectionRefusedError", message: "[Errno 111] Connection refused" };
    case "nofile":
      return { pyClass: "FileNotFoundError", message: "[Errno 2] No such file or directory" };
    default:
      return { pyClass: err.pyClass, message: err.message };
  }
}

/** The line supervisorctl's catch-all prints for an unexpected exception. */
export function renderException(err: unknown): string {
  let pyClass: string;
  let message: string;
  if (err instanceof RpcFault) {
    pyClass = "xmlrpc.client.Fault";
    message = faultRepr(err);
  } else if (err instanceof HttpStatusError) {
    pyClass = "xmlrpc.client.ProtocolError";
    message = `<ProtocolError for 127.0.0.1/RPC2: ${err.status} ${err.reason}>`;
  } else if (err instanceof ConnectionError) {
    ({ pyClass, message } = connectionErrorParts(err));
  } else if (err instanceof PyStyleError) {
    pyClass = err.pyClass;
    message = err.message;
  } else if (err instanceof Error) {
    pyClass = "Exception";
    message = err.message;
  } else {
    pyClass = "Exception";
    message = String(err);
  }
  return `error: <class '${pyClass}'>, ${message}`;
}
