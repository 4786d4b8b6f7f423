// The XML-RPC codec's public face: request/response bodies to and from XmlRpcValue trees.
// Server side: decodeCall + encodeResponse / encodeFault. Client side: encodeCall + decodeResponse.

export { decodeCall, decodeResponse, faultFromWire, XmlRpcParseError } from "./decode.ts";
export { encodeCall, encodeFault, encodeResponse, encodeValue, formatDateTime, formatDouble } from "./encode.ts";
export { Double, type XmlRpcCall, type XmlRpcValue } from "./value.ts";
