// The command list of `help`: names in as few rows as fit the width, filled column by column,
// each column as wide as its longest name, two spaces between columns (the layout of Python's
// cmd module, which supervisorctl's help uses with a width of 79).

/**
 * @example columnize(["add", "avail", "clear"], 79) // ["add  avail  clear"]
 */
export function columnize(words: readonly string[], width: number): string[] {
  if (words.length === 0) return ["<empty>"];
  if (words.length === 1) return [words[0]!];
  const size = words.length;
  let rows = size;
  let widths: number[] = [0];
  let found = false;
  for (let nrows = 1; nrows < size; nrows++) {
    const ncols = Math.ceil(size / nrows);
    const colWidths: number[] = [];
    let total = -2;
    for (let col = 0; col < ncols; col++) {
      let w = 0;
      for (let row = 0; row < nrows; row++) {
        const i = row + nrows * col;
        if (i >= size) break;
        w = Math.max(w, words[i]!.length);
      }
      colWidths.push(w);
      total += w + 2;
      if (total > width) break;
    }
    if (total <= width) {
      rows = nrows;
      widths = colWidths;
      found = true;
      break;
    }
  }
  const cols = found ? Math.ceil(size / rows) : 1;
  const lines: string[] = [];
  for (let row = 0; row < rows; row++) {
    const texts: string[] = [];
    for (let col = 0; col < cols; col++) {
      const i = row + rows * col;
      texts.push(i < size ? words[i]! : "");
    }
    while (texts.length > 0 && texts[texts.length - 1] === "") texts.pop();
    lines.push(texts.map((t, col) => t.padEnd(widths[col] ?? 0)).join("  "));
  }
  return lines;
}
