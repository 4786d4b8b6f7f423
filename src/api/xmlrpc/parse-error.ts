// The error every XML-RPC decoding failure ends in; the HTTP layer answers 400 for it.

/** The body is not a well-formed XML-RPC document. The HTTP layer answers 400 for it. */
export class XmlRpcParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "XmlRpcParseError";
  }
}
