// The unit everything between Flotilla nodes travels in: a versioned, length-prefixed frame with
// the sender's identity, a replay stamp and a JSON payload, authenticated by HMAC-SHA256 over the
// whole frame when a peer_key is configured. Pure: encoding and decoding only, no sockets.
//
// Layout (all integers big-endian):
//
//   off  len  field
//   0    4    magic "FLTP" (46 4C 54 50)
//   4    1    version (1)
//   5    1    flags: 1 KEYED (HMAC trailer present), 2 BOUND (HMAC also covers the receiver's
//             session), 4 DISCOVERY (multicast announcement), 8 CONTROL (link handshake)
//   6    4    total frame length in bytes, header and trailer included
//   10   8    sender session start (float64, ms since the epoch)
//   18   4    sender session nonce (uint32)
//   22   8    sequence (uint32 high, uint32 low)
//   30   8    timestamp (float64, ms since the epoch)
//   38   2    identity length n
//   40   n    sender identity, JSON (UTF-8)
//   40+n …    payload, JSON (UTF-8)
//   end-32 32 HMAC-SHA256(peer_key, bytes[0, end-32) ‖ receiver session bytes if BOUND) — KEYED only
//
// The first 10 bytes are enough to size a frame, so a stream reader can refuse an oversize one
// before buffering it.

import { createHmac, timingSafeEqual } from "node:crypto";
import type { PeerIdentity } from "../transport.ts";
import { identityJson, parseIdentity } from "./identity.ts";
import { sessionBytes, type SenderStamp, type SessionRef } from "./session.ts";

export const FRAME_MAGIC = 0x464c5450;
export const FRAME_VERSION = 1;
/** Magic, version, flags and length: what a reader needs before it knows the frame's size. */
export const PREFIX_BYTES = 10;
export const HEADER_BYTES = 40;
export const MAC_BYTES = 32;

export const FrameFlags = { KEYED: 1, BOUND: 2, DISCOVERY: 4, CONTROL: 8 } as const;
const KNOWN_FLAGS = FrameFlags.KEYED | FrameFlags.BOUND | FrameFlags.DISCOVERY | FrameFlags.CONTROL;

/** data: for the core; control: link handshake; discovery: multicast announcement. */
export type FrameKind = "data" | "control" | "discovery";

export interface FrameInput {
  kind: FrameKind;
  sender: PeerIdentity;
  stamp: SenderStamp;
  /** The payload already serialised (see toPayloadJson), so queued frames are not re-serialised. */
  payloadJson: string;
  key?: Uint8Array;
  /** Ties the HMAC to the receiver's session: such a frame verifies only at that receiver run. */
  bindTo?: SessionRef;
}

export interface Frame extends SenderStamp {
  kind: FrameKind;
  sender: PeerIdentity;
  payload: unknown;
  /** False when the frame carried no HMAC (no peer_key on either side). */
  authenticated: boolean;
  bound: boolean;
}

export interface DecodeOptions {
  key?: Uint8Array;
  maxFrameBytes: number;
  /** The receiver's own session, against which BOUND frames are checked. */
  session?: SessionRef;
}

export type DecodeResult =
  | { ok: true; frame: Frame }
  /** `sender` is the identifier the frame claims, when it could be read. */
  | { ok: false; reason: string; sender?: string };

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

/** Serialises a payload, with an error that says why when it cannot travel. */
export function toPayloadJson(payload: unknown): string {
  const json = JSON.stringify(payload);
  if (json === undefined) throw new TypeError(`payload of type ${typeof payload} cannot be sent as JSON`);
  return json;
}

/** The size of the frame a payload would make, to refuse an oversize one before queueing it. */
export function frameSizeFor(sender: PeerIdentity, payloadJson: string, keyed: boolean): number {
  return HEADER_BYTES + encoder.encode(identityJson(sender)).length + encoder.encode(payloadJson).length + (keyed ? MAC_BYTES : 0);
}

/**
 * Builds one frame. Throws only on our own bad input (identity too long for its field).
 * @example encodeFrame({ kind: "data", sender, stamp: session.stamp("link"), payloadJson: "{}", key })
 */
export function encodeFrame(input: FrameInput): Uint8Array {
  const identity = encoder.encode(identityJson(input.sender));
  if (identity.length > 0xffff) throw new RangeError(`identity of ${identity.length} bytes does not fit in a frame`);
  const payload = encoder.encode(input.payloadJson);
  const keyed = input.key !== undefined;
  const total = HEADER_BYTES + identity.length + payload.length + (keyed ? MAC_BYTES : 0);
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  let flags = keyed ? FrameFlags.KEYED : 0;
  if (keyed && input.bindTo) flags |= FrameFlags.BOUND;
  if (input.kind === "discovery") flags |= FrameFlags.DISCOVERY;
  if (input.kind === "control") flags |= FrameFlags.CONTROL;
  view.setUint32(0, FRAME_MAGIC);
  view.setUint8(4, FRAME_VERSION);
  view.setUint8(5, flags);
  view.setUint32(6, total);
  view.setFloat64(10, input.stamp.sessionStart);
  view.setUint32(18, input.stamp.sessionNonce);
  view.setUint32(22, Math.floor(input.stamp.seq / 2 ** 32));
  view.setUint32(26, input.stamp.seq >>> 0);
  view.setFloat64(30, input.stamp.timestamp);
  view.setUint16(38, identity.length);
  bytes.set(identity, HEADER_BYTES);
  bytes.set(payload, HEADER_BYTES + identity.length);
  if (input.key) {
    const mac = frameMac(input.key, bytes.subarray(0, total - MAC_BYTES), flags & FrameFlags.BOUND ? input.bindTo : undefined);
    bytes.set(mac, total - MAC_BYTES);
  }
  return bytes;
}

/** Reads the declared total length from a frame prefix, or says why the prefix is not one. */
export function readFramePrefix(bytes: Uint8Array): { length: number } | { reason: string } {
  if (bytes.length < PREFIX_BYTES) return { reason: `truncated frame (${bytes.length} bytes)` };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0) !== FRAME_MAGIC) return { reason: "not a Flotilla peer frame (bad magic)" };
  const version = view.getUint8(4);
  if (version !== FRAME_VERSION) return { reason: `unsupported frame version ${version} (this node speaks ${FRAME_VERSION})` };
  return { length: view.getUint32(6) };
}

/**
 * Checks and reads one complete frame. Never throws: anything wrong becomes a rejection whose
 * reason is ready for the log, naming the claimed sender when its identity is readable.
 */
export function decodeFrame(bytes: Uint8Array, options: DecodeOptions): DecodeResult {
  const prefix = readFramePrefix(bytes);
  if ("reason" in prefix) return { ok: false, reason: prefix.reason };
  const claimed = readClaimedIdentity(bytes);
  const sender = typeof claimed === "string" ? undefined : claimed.identifier;
  const reject = (reason: string): DecodeResult => ({ ok: false, reason, sender });

  if (bytes.length > options.maxFrameBytes || prefix.length > options.maxFrameBytes) {
    return reject(`frame of ${Math.max(bytes.length, prefix.length)} bytes exceeds the limit of ${options.maxFrameBytes}`);
  }
  if (prefix.length !== bytes.length) return reject(`length field says ${prefix.length} bytes but the frame has ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const flags = view.getUint8(5);
  if ((flags & ~KNOWN_FLAGS) !== 0) return reject(`unknown flags 0x${flags.toString(16)}`);
  if (flags & FrameFlags.DISCOVERY && flags & FrameFlags.CONTROL) return reject("frame flagged both discovery and control");
  const keyed = (flags & FrameFlags.KEYED) !== 0;
  const bound = (flags & FrameFlags.BOUND) !== 0;
  if (bound && !keyed) return reject("frame flagged bound without an HMAC");
  const macBytes = keyed ? MAC_BYTES : 0;
  const identityLength = bytes.length >= HEADER_BYTES ? view.getUint16(38) : -1;
  if (identityLength < 0 || HEADER_BYTES + identityLength + macBytes > bytes.length) {
    return reject(`malformed frame: ${bytes.length} bytes cannot hold its header and identity`);
  }
  if (typeof claimed === "string") return reject(`unreadable sender identity: ${claimed}`);

  if (options.key && !keyed) return reject("unauthenticated frame (no HMAC) but this node requires peer_key");
  if (!options.key && keyed) return reject("authenticated frame but this node has no peer_key configured");
  if (options.key) {
    if (bound && !options.session) return reject("frame bound to a receiver session where none was expected");
    const expected = frameMac(options.key, bytes.subarray(0, bytes.length - MAC_BYTES), bound ? options.session : undefined);
    const actual = bytes.subarray(bytes.length - MAC_BYTES);
    if (!timingSafeEqual(expected, actual)) return reject("HMAC mismatch (wrong peer_key, or the frame was altered)");
  }

  let payload: unknown;
  try {
    payload = JSON.parse(decoder.decode(bytes.subarray(HEADER_BYTES + identityLength, bytes.length - macBytes)));
  } catch {
    return reject("payload is not valid UTF-8 JSON");
  }
  const seq = view.getUint32(22) * 2 ** 32 + view.getUint32(26);
  return {
    ok: true,
    frame: {
      kind: flags & FrameFlags.DISCOVERY ? "discovery" : flags & FrameFlags.CONTROL ? "control" : "data",
      sender: claimed,
      payload,
      authenticated: keyed,
      bound,
      sessionStart: view.getFloat64(10),
      sessionNonce: view.getUint32(18),
      seq,
      timestamp: view.getFloat64(30),
    },
  };
}

/** The identity a frame claims, or why it cannot be read (not yet authenticated either way). */
function readClaimedIdentity(bytes: Uint8Array): PeerIdentity | string {
  if (bytes.length < HEADER_BYTES) return "frame shorter than its header";
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint16(38);
  if (HEADER_BYTES + length > bytes.length) return "identity runs past the end of the frame";
  try {
    return parseIdentity(JSON.parse(decoder.decode(bytes.subarray(HEADER_BYTES, HEADER_BYTES + length))));
  } catch {
    return "identity is not valid UTF-8 JSON";
  }
}

function frameMac(key: Uint8Array, covered: Uint8Array, receiver: SessionRef | undefined): Uint8Array {
  const hmac = createHmac("sha256", key).update(covered);
  if (receiver) hmac.update(sessionBytes(receiver));
  return new Uint8Array(hmac.digest());
}
