// The bytes of ZMTP 3.1 (rfc.zeromq.org spec 37) that a PUB socket with the NULL mechanism needs:
// the 64-byte greeting, frames with short (1-byte) and long (8-byte) sizes, commands (READY, PONG,
// ERROR) and the READY metadata properties. Pure functions: no sockets here.
//
// Frame = flags byte, size, body. Flags: bit 0 MORE (another frame of the same message follows),
// bit 1 LONG (size on 8 bytes, big-endian, instead of 1), bit 2 COMMAND; the other bits are zero.
// A command body = name length (1 byte), name, data.

export const GREETING_BYTES = 64;
export const ZMTP_MAJOR = 3;
export const ZMTP_MINOR = 1;

export const FLAG_MORE = 0x01;
export const FLAG_LONG = 0x02;
export const FLAG_COMMAND = 0x04;
export const RESERVED_FLAGS = 0xf8;

/** Largest body a short frame can carry. */
export const SHORT_FRAME_MAX = 255;

const utf8 = new TextEncoder();
const latin1 = new TextDecoder("latin1");

/**
 * Our greeting: signature (0xFF, 8 padding bytes, 0x7F), version 3.1, mechanism "NULL" padded to 20
 * bytes, as-server 0 (NULL has no server role), 31 bytes of filler.
 * @example socket.write(encodeGreeting())
 */
export function encodeGreeting(): Uint8Array {
  const bytes = new Uint8Array(GREETING_BYTES);
  bytes[0] = 0xff;
  bytes[9] = 0x7f;
  bytes[10] = ZMTP_MAJOR;
  bytes[11] = ZMTP_MINOR;
  bytes.set(utf8.encode("NULL"), 12);
  return bytes;
}

export interface Greeting {
  major: number;
  minor: number;
  /** Mechanism name without its zero padding, e.g. "NULL". */
  mechanism: string;
  asServer: boolean;
}

/** Reads the fields of a complete 64-byte greeting (the signature is checked by the reader). */
export function parseGreeting(bytes: Uint8Array): Greeting {
  const field = bytes.subarray(12, 32);
  const end = field.indexOf(0);
  return {
    major: bytes[10],
    minor: bytes[11],
    mechanism: latin1.decode(end === -1 ? field : field.subarray(0, end)),
    asServer: bytes[32] === 1,
  };
}

/** Size of the flags + size prefix for a body of `size` bytes. */
export function frameHeaderBytes(size: number): number {
  return size > SHORT_FRAME_MAX ? 9 : 2;
}

/** Writes a frame's flags and size at `offset`; returns the offset of its body. */
function writeFrameHeader(out: Uint8Array, offset: number, flags: number, size: number): number {
  if (size <= SHORT_FRAME_MAX) {
    out[offset] = flags;
    out[offset + 1] = size;
    return offset + 2;
  }
  out[offset] = flags | FLAG_LONG;
  new DataView(out.buffer, out.byteOffset + offset + 1, 8).setBigUint64(0, BigInt(size));
  return offset + 9;
}

/**
 * One message of one or more frames, encoded into a single buffer (so a publish writes it to every
 * subscriber as one chunk). All frames but the last carry MORE.
 * @example encodeMessage([utf8("process"), utf8('{"a":1}')])
 */
export function encodeMessage(frames: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const frame of frames) total += frameHeaderBytes(frame.length) + frame.length;
  const out = new Uint8Array(total);
  let offset = 0;
  frames.forEach((frame, index) => {
    const flags = index < frames.length - 1 ? FLAG_MORE : 0;
    offset = writeFrameHeader(out, offset, flags, frame.length);
    out.set(frame, offset);
    offset += frame.length;
  });
  return out;
}

/**
 * A command frame: name (at most 255 bytes) and data.
 * @example encodeCommand("PONG", context)
 */
export function encodeCommand(name: string, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const nameBytes = utf8.encode(name);
  const size = 1 + nameBytes.length + data.length;
  const out = new Uint8Array(frameHeaderBytes(size) + size);
  let offset = writeFrameHeader(out, 0, FLAG_COMMAND, size);
  out[offset] = nameBytes.length;
  out.set(nameBytes, offset + 1);
  offset += 1 + nameBytes.length;
  out.set(data, offset);
  return out;
}

/** Metadata properties as READY carries them: name length (1 byte), name, value length (4 bytes), value. */
export function encodeProperties(properties: ReadonlyArray<readonly [string, string]>): Uint8Array {
  const parts = properties.map(([name, value]) => [utf8.encode(name), utf8.encode(value)] as const);
  const out = new Uint8Array(parts.reduce((sum, [n, v]) => sum + 1 + n.length + 4 + v.length, 0));
  const view = new DataView(out.buffer);
  let offset = 0;
  for (const [name, value] of parts) {
    out[offset] = name.length;
    out.set(name, offset + 1);
    offset += 1 + name.length;
    view.setUint32(offset, value.length);
    out.set(value, offset + 4);
    offset += 4 + value.length;
  }
  return out;
}

/** Our READY command: we are a PUB socket. */
export function encodeReady(socketType = "PUB"): Uint8Array {
  return encodeCommand("READY", encodeProperties([["Socket-Type", socketType]]));
}

export interface Command {
  name: string;
  data: Uint8Array;
}

/** Splits a command body into name and data; a reason string when the name overruns the body. */
export function parseCommand(body: Uint8Array): Command | string {
  if (body.length === 0) return "empty command frame";
  const nameLength = body[0];
  if (1 + nameLength > body.length) return `command name of ${nameLength} bytes overruns its ${body.length}-byte frame`;
  return { name: latin1.decode(body.subarray(1, 1 + nameLength)), data: body.subarray(1 + nameLength) };
}

/**
 * Reads READY metadata into a map keyed by lower-case name (names are case-insensitive in ZMTP);
 * a reason string when a length overruns the data.
 */
export function parseProperties(data: Uint8Array): Map<string, Uint8Array> | string {
  const properties = new Map<string, Uint8Array>();
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let offset = 0;
  while (offset < data.length) {
    const nameLength = data[offset];
    if (offset + 1 + nameLength + 4 > data.length) return "truncated metadata property name";
    const name = latin1.decode(data.subarray(offset + 1, offset + 1 + nameLength)).toLowerCase();
    offset += 1 + nameLength;
    const valueLength = view.getUint32(offset);
    offset += 4;
    if (offset + valueLength > data.length) return `metadata property ${JSON.stringify(name)} overruns the command`;
    properties.set(name, data.subarray(offset, offset + valueLength));
    offset += valueLength;
  }
  return properties;
}
