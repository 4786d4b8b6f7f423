// Which bytes of a log file readLog and tailProcessLog return (RPC-SUP-06, 25..28): pure arithmetic
// on the file size, kept apart from the file reading so every edge case is a table row.

/** A byte range [start, end) to read, or the fault readLog answers for these arguments. */
export type ReadWindow = { start: number; end: number } | { fault: "BAD_ARGUMENTS" };

/**
 * readLog / readProcess*Log: a negative offset asks for the last |offset| bytes and then length
 * must be 0; a non-negative offset asks for `length` bytes from there (0 = to the end), and a
 * negative length is refused. Offsets past the end give an empty range.
 * @example readWindow(-10, 0, 100) // { start: 90, end: 100 }
 * @example readWindow(-10, 5, 100) // { fault: "BAD_ARGUMENTS" }
 */
export function readWindow(offset: number, length: number, size: number): ReadWindow {
  if (offset < 0) {
    if (length !== 0) return { fault: "BAD_ARGUMENTS" };
    const start = Math.max(0, size - -offset);
    return { start, end: Math.min(size, start + -offset) };
  }
  if (length < 0) return { fault: "BAD_ARGUMENTS" };
  const start = Math.min(offset, size);
  const end = length === 0 ? size : Math.min(size, offset + length);
  return { start, end: Math.max(start, end) };
}

/** What tailProcessLog returns besides the bytes: where to read, the next offset, the overflow flag. */
export interface TailWindow {
  start: number;
  length: number;
  /** Always the file size: the offset a client passes next time. */
  nextOffset: number;
  overflow: boolean;
}

/**
 * tailProcess*Log: if the file holds more than offset+length bytes, overflow is set and the window
 * slides to the end; if fewer than `length` bytes are available from offset, as many as are
 * available before the end are returned. The returned offset is the file size.
 * @example tailWindow(0, 10, 100) // { start: 90, length: 10, nextOffset: 100, overflow: true }
 * @example tailWindow(100, 10, 100) // { start: 100, length: 0, nextOffset: 100, overflow: false }
 */
export function tailWindow(offset: number, length: number, size: number): TailWindow {
  let overflow = false;
  if (size > offset + length) {
    overflow = true;
    offset = size - 1;
  }
  if (offset + length > size) {
    if (offset > size - 1) length = 0;
    offset = size - length;
  }
  if (offset < 0) offset = 0;
  // supervisord asks for `length` bytes and gets fewer at end of file: say how many will come.
  length = Math.max(0, Math.min(length, size - offset));
  return { start: offset, length, nextOffset: size, overflow };
}
