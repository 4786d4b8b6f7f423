// A small XML-RPC client for tests, on our codec over fetch (one connection per call).

import { decodeResponse, encodeCall } from "../../src/api/xmlrpc/codec.ts";
import type { XmlRpcValue } from "../../src/api/xmlrpc/value.ts";

export class XmlRpcTestClient {
  constructor(
    readonly url: string,
    readonly auth?: { username: string; password: string },
  ) {}

  async call(method: string, ...params: XmlRpcValue[]): Promise<XmlRpcValue> {
    const headers: Record<string, string> = { "content-type": "text/xml" };
    if (this.auth) headers.authorization = `Basic ${btoa(`${this.auth.username}:${this.auth.password}`)}`;
    const res = await fetch(`${this.url}/RPC2`, { method: "POST", headers, body: encodeCall(method, params) });
    if (res.status !== 200) throw new Error(`HTTP ${res.status} for ${method}`);
    return decodeResponse(await res.text());
  }
}
