// XML-RPC values as JSON text (REST-03), written by hand so nothing is lost on the way:
//   int, double, Double → number (a bigint keeps all its digits, as Python's json writes it);
//   a non-finite double → null (JSON has no NaN; Python would write the invalid token NaN);
//   Date → ISO-8601 UTC string; base64 (Uint8Array) → its base64 text; nil → null.
// supvisorsflask cannot serialize dates or base64 at all (its proxy hands jsonify
// xmlrpc.client.DateTime / Binary objects: HTTP 500); no method of the API returns either today.

import { Double, type XmlRpcValue } from "../xmlrpc/value.ts";

function numberText(n: number): string {
  return Number.isFinite(n) ? JSON.stringify(n) : "null";
}

/**
 * The JSON text of a value.
 * @example toJsonText({ statecode: 1, statename: "RUNNING" }) // '{"statecode":1,"statename":"RUNNING"}'
 */
export function toJsonText(value: XmlRpcValue): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      return numberText(value);
    case "bigint":
      return value.toString();
  }
  if (value instanceof Double) return numberText(value.value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "null" : JSON.stringify(value.toISOString());
  if (value instanceof Uint8Array) return JSON.stringify(Buffer.from(value).toString("base64"));
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(",")}]`;
  const members = Object.entries(value).map(([key, v]) => `${JSON.stringify(key)}:${toJsonText(v)}`);
  return `{${members.join(",")}}`;
}
