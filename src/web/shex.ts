// The shrink / expand masks of the dashboard (UI-10 `ashex` / `pshex`): one bit per item in sorted
// order, packed in bytes and written as hex, so a link can say which rows are expanded without a
// session. Bit i is bit (i % 8) of byte (i / 8), lowest bit first, as Supvisors' get_bit / set_bit
// and bytearray.hex() write them, so a URL bookmarked on the original expands the same rows:
// `ashex` has one bit per application the cluster knows (all of them, sorted by name, not only
// those of the page), `pshex` one per process of the application (sorted by process name). A mask
// that is not hex or not exactly ceil(n / 8) bytes long is ignored (default used, no message).

/**
 * The mask of `count` items, all expanded or all shrunk.
 * @example defaultShex(10, true) // "ffff"
 */
export function defaultShex(count: number, expanded: boolean): string {
  return (expanded ? "ff" : "00").repeat(Math.ceil(count / 8));
}

/**
 * The mask written in a URL when it fits `count` items (hex, one byte per 8 items; blanks between
 * bytes are allowed, as bytearray.fromhex allows them), else null.
 * @example parseShex("0A", 5) // "0a"
 */
export function parseShex(text: string, count: number): string | null {
  const hex = text.replace(/\s+/g, "");
  if (!/^([0-9a-fA-F]{2})*$/.test(hex)) return null;
  if (hex.length !== Math.ceil(count / 8) * 2) return null;
  return hex.toLowerCase();
}

function bytesOf(hex: string): number[] {
  const bytes: number[] = [];
  for (let i = 0; i < hex.length; i += 2) bytes.push(Number.parseInt(hex.slice(i, i + 2), 16));
  return bytes;
}

function hexOf(bytes: number[]): string {
  return bytes.map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Whether item `index` is expanded in `hex`. */
export function shexBit(hex: string, index: number): boolean {
  const byte = bytesOf(hex)[Math.floor(index / 8)] ?? 0;
  return ((byte >> index % 8) & 1) === 1;
}

/**
 * The mask with item `index` inverted: the link of its [+] / [–] button.
 * @example toggleShex("00", 2) // "04"
 */
export function toggleShex(hex: string, index: number): string {
  const bytes = bytesOf(hex);
  const at = Math.floor(index / 8);
  if (at >= bytes.length) return hex;
  bytes[at] = (bytes[at] ?? 0) ^ (1 << index % 8);
  return hexOf(bytes);
}

/** Supvisors' expand and shrink symbols. */
export const SHEX_EXPAND = "[+]";
export const SHEX_SHRINK = "[\u2013]";
