// XML-RPC reader on fast-xml-parser: methodCall and methodResponse bodies into XmlRpcValue trees.
// Every malformation ends in an XmlRpcParseError naming what was wrong and where; a fault
// response ends in an RpcFault carrying the remote code and string.

import { XMLParser, XMLValidator } from "fast-xml-parser";
import { RpcFault, faultName } from "../faults.ts";
import { decodeEntities } from "./escape.ts";
import { XmlRpcParseError } from "./parse-error.ts";
import { decodeBase64, decodeDate, decodeDouble, decodeInt } from "./scalars.ts";
import type { XmlRpcCall, XmlRpcValue } from "./value.ts";

export { XmlRpcParseError };

/** fast-xml-parser's preserveOrder node: `{ tag: children }` or `{ "#text": s }`. */
type Node = Record<string, unknown>;

/** Deep enough for any real payload, shallow enough that recursion cannot blow the stack. */
const MAX_DEPTH = 512;

function makeParser(): XMLParser {
  return new XMLParser({
    preserveOrder: true,
    trimValues: false,
    parseTagValue: false,
    processEntities: false,
    ignoreAttributes: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    cdataPropName: "#cdata",
  });
}

/** Parses to the node list, refusing DOCTYPE (entity declarations are the expansion-bomb vector). */
function parseDocument(xml: string): Node[] {
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) {
    throw new XmlRpcParseError("DOCTYPE and entity declarations are not allowed in XML-RPC");
  }
  // XML line-end normalisation, which fast-xml-parser leaves out.
  const text = xml.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    throw new XmlRpcParseError(`malformed XML at line ${line}, column ${col}: ${msg}`);
  }
  return makeParser().parse(text) as Node[];
}

function tagOf(node: Node): string {
  const key = Object.keys(node).find((k) => k !== ":@");
  return key ?? "";
}

function isText(node: Node): boolean {
  const tag = tagOf(node);
  return tag === "#text" || tag === "#cdata";
}

/** Concatenated character data of a node's children; elements inside are an error. */
function textOf(children: Node[], where: string): string {
  let out = "";
  for (const child of children) {
    const tag = tagOf(child);
    if (tag === "#text") {
      const decoded = decodeEntities(String(child["#text"]));
      if ("error" in decoded) throw new XmlRpcParseError(`${decoded.error} in ${where}`);
      out += decoded.text;
    } else if (tag === "#cdata") {
      // CDATA is literal: no entity decoding inside it.
      for (const part of child["#cdata"] as Node[]) out += String(part["#text"] ?? "");
    } else {
      throw new XmlRpcParseError(`unexpected element <${tag}> inside ${where}`);
    }
  }
  return out;
}

/** Element children, skipping whitespace between them; other text is an error. */
function elementsOf(children: Node[], where: string): Node[] {
  const out: Node[] = [];
  for (const child of children) {
    if (isText(child)) {
      if (textOf([child], where).trim() !== "") throw new XmlRpcParseError(`unexpected text inside ${where}`);
    } else {
      out.push(child);
    }
  }
  return out;
}

function childrenOf(node: Node): Node[] {
  return node[tagOf(node)] as Node[];
}

/** Reads the children of a `<value>` element. */
function decodeValue(children: Node[], depth: number): XmlRpcValue {
  if (depth > MAX_DEPTH) throw new XmlRpcParseError(`values nested deeper than ${MAX_DEPTH} levels`);
  // A value with no element inside is an untyped string, its whitespace kept.
  if (children.every(isText)) return textOf(children, "<value>");
  const elements = elementsOf(children, "<value>");
  if (elements.length > 1) throw new XmlRpcParseError("<value> holds more than one element");
  const node = elements[0]!;
  const tag = tagOf(node);
  const inner = childrenOf(node);
  switch (tag) {
    case "string":
      return textOf(inner, "<string>");
    case "int":
    case "i4":
    case "i8":
      return decodeInt(textOf(inner, `<${tag}>`), tag);
    case "boolean": {
      const t = textOf(inner, "<boolean>").trim();
      if (t !== "0" && t !== "1") throw new XmlRpcParseError(`bad <boolean> value "${t}"`);
      return t === "1";
    }
    case "double":
      return decodeDouble(textOf(inner, "<double>"));
    case "dateTime.iso8601":
      return decodeDate(textOf(inner, "<dateTime.iso8601>"));
    case "base64":
      return decodeBase64(textOf(inner, "<base64>"));
    case "nil":
    case "ex:nil":
      if (elementsOf(inner, `<${tag}>`).length > 0) throw new XmlRpcParseError(`<${tag}> must be empty`);
      return null;
    case "array":
      return decodeArray(inner, depth);
    case "struct":
      return decodeStruct(inner, depth);
    default:
      throw new XmlRpcParseError(`unknown value type <${tag}>`);
  }
}

function decodeArray(children: Node[], depth: number): XmlRpcValue[] {
  const data = elementsOf(children, "<array>");
  if (data.length !== 1 || tagOf(data[0]!) !== "data") throw new XmlRpcParseError("<array> must hold one <data>");
  return elementsOf(childrenOf(data[0]!), "<data>").map((v) => {
    if (tagOf(v) !== "value") throw new XmlRpcParseError(`unexpected <${tagOf(v)}> inside <data>`);
    return decodeValue(childrenOf(v), depth + 1);
  });
}

function decodeStruct(children: Node[], depth: number): { [key: string]: XmlRpcValue } {
  const out: { [key: string]: XmlRpcValue } = {};
  for (const member of elementsOf(children, "<struct>")) {
    if (tagOf(member) !== "member") throw new XmlRpcParseError(`unexpected <${tagOf(member)}> inside <struct>`);
    let name: string | null = null;
    let value: XmlRpcValue | undefined;
    for (const part of elementsOf(childrenOf(member), "<member>")) {
      const tag = tagOf(part);
      if (tag === "name" && name === null) name = textOf(childrenOf(part), "<name>");
      else if (tag === "value" && value === undefined) value = decodeValue(childrenOf(part), depth + 1);
      else throw new XmlRpcParseError(`unexpected or repeated <${tag}> inside <member>`);
    }
    if (name === null || value === undefined) throw new XmlRpcParseError("<member> needs one <name> and one <value>");
    // defineProperty: a member called "__proto__" must stay an ordinary key.
    Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** The single root element, checked by name. */
function rootOf(xml: string, expected: string): Node[] {
  const roots = elementsOf(parseDocument(xml), "the document");
  if (roots.length !== 1) throw new XmlRpcParseError("document must have exactly one root element");
  const tag = tagOf(roots[0]!);
  if (tag !== expected) throw new XmlRpcParseError(`expected <${expected}>, found <${tag}>`);
  return childrenOf(roots[0]!);
}

function decodeParams(node: Node): XmlRpcValue[] {
  return elementsOf(childrenOf(node), "<params>").map((param) => {
    if (tagOf(param) !== "param") throw new XmlRpcParseError(`unexpected <${tagOf(param)}> inside <params>`);
    const values = elementsOf(childrenOf(param), "<param>");
    if (values.length !== 1 || tagOf(values[0]!) !== "value") throw new XmlRpcParseError("<param> must hold one <value>");
    return decodeValue(childrenOf(values[0]!), 0);
  });
}

/** Runs a decoder, turning anything unexpected (parser bugs, stack) into a parse error. */
function guarded<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof XmlRpcParseError || err instanceof RpcFault) throw err;
    throw new XmlRpcParseError(`unreadable XML-RPC body: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * Reads a request body.
 * @example decodeCall("<methodCall><methodName>system.listMethods</methodName></methodCall>")
 *   // { method: "system.listMethods", params: [] }
 */
export function decodeCall(xml: string): XmlRpcCall {
  return guarded(() => {
    let method: string | null = null;
    let params: XmlRpcValue[] = [];
    for (const node of elementsOf(rootOf(xml, "methodCall"), "<methodCall>")) {
      const tag = tagOf(node);
      if (tag === "methodName" && method === null) method = textOf(childrenOf(node), "<methodName>").trim();
      else if (tag === "params") params = decodeParams(node);
      else throw new XmlRpcParseError(`unexpected <${tag}> inside <methodCall>`);
    }
    if (!method) throw new XmlRpcParseError("<methodCall> has no method name");
    return { method, params };
  });
}

/** A fault read from the wire keeps the remote faultString exactly. */
export function faultFromWire(code: number, faultString: string): RpcFault {
  const name = faultName(code);
  if (name !== undefined && (faultString === name || faultString.startsWith(`${name}: `))) {
    return new RpcFault(code, faultString.slice(name.length + 2));
  }
  const fault = new RpcFault(code, faultString);
  Object.defineProperty(fault, "faultString", { value: faultString });
  fault.message = faultString;
  return fault;
}

/**
 * Reads a response body: the result, or throws RpcFault for a fault response.
 * @example decodeResponse(encodeResponse(42)) // 42
 */
export function decodeResponse(xml: string): XmlRpcValue {
  return guarded(() => {
    const parts = elementsOf(rootOf(xml, "methodResponse"), "<methodResponse>");
    if (parts.length !== 1) throw new XmlRpcParseError("<methodResponse> must hold one <params> or <fault>");
    const part = parts[0]!;
    if (tagOf(part) === "params") {
      const params = decodeParams(part);
      if (params.length !== 1) throw new XmlRpcParseError("<methodResponse> must carry exactly one value");
      return params[0]!;
    }
    if (tagOf(part) !== "fault") throw new XmlRpcParseError(`unexpected <${tagOf(part)}> inside <methodResponse>`);
    const values = elementsOf(childrenOf(part), "<fault>");
    if (values.length !== 1 || tagOf(values[0]!) !== "value") throw new XmlRpcParseError("<fault> must hold one <value>");
    const fault = decodeValue(childrenOf(values[0]!), 0);
    const code = (fault as Record<string, XmlRpcValue> | null)?.faultCode;
    const text = (fault as Record<string, XmlRpcValue> | null)?.faultString;
    if (typeof code !== "number" || typeof text !== "string") {
      throw new XmlRpcParseError("<fault> must be a struct with int faultCode and string faultString");
    }
    throw faultFromWire(code, text);
  });
}
