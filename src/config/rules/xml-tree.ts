// A small XML element tree with line numbers, built on fast-xml-parser (preserveOrder +
// captureMetaData), for the rules reader. DOCTYPE declarations are refused outright (no entity
// expansion, no external references); the five predefined entities and character references are
// decoded here, any other entity reference is an error, as lxml would report it.

import { XMLParser, XMLValidator } from "fast-xml-parser";
import { RulesError } from "./model.ts";

export interface XmlElement {
  tag: string;
  line: number;
  attributes: Map<string, string>;
  children: XmlElement[];
  /** Concatenated character data directly inside the element (comments dropped, entities decoded). */
  text: string;
}

type OrderedNode = Record<string, unknown>;

const PREDEFINED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** Parses `text` (the content of `file`) into its root element; throws RulesError when not well-formed. */
export function parseXmlTree(file: string, text: string): XmlElement {
  rejectDoctype(file, text);
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (valid !== true) {
    throw new RulesError(file, valid.err.line, "xml", null, valid.err.msg);
  }
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: "",
    captureMetaData: true,
    commentPropName: "#comment",
    cdataPropName: "#cdata",
    trimValues: false,
    parseTagValue: false,
    parseAttributeValue: false,
    processEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
  });
  const nodes = parser.parse(text) as OrderedNode[];
  const lines = new LineIndex(text);
  const roots = nodes.filter((n) => elementTag(n) !== null);
  if (roots.length !== 1) {
    throw new RulesError(file, 1, "xml", null, `expected exactly one root element, found ${roots.length}`);
  }
  return toElement(file, roots[0] as OrderedNode, lines);
}

/** A DOCTYPE outside comments and CDATA sections is refused: rules files never need one. */
function rejectDoctype(file: string, text: string): void {
  // blank out comments and CDATA (keeping newlines, so offsets still give lines)
  const blanked = text.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>/g, (m) => m.replace(/[^\n]/g, " "));
  const at = blanked.indexOf("<!DOCTYPE");
  if (at >= 0) {
    const line = new LineIndex(text).lineOf(at);
    throw new RulesError(file, line, "xml", null, "DOCTYPE declarations are not accepted in rules files");
  }
}

function elementTag(node: OrderedNode): string | null {
  for (const key of Object.keys(node)) {
    if (key !== ":@" && key !== "#text" && key !== "#comment" && key !== "#cdata" && !key.startsWith("?")) {
      return key;
    }
  }
  return null;
}

function toElement(file: string, node: OrderedNode, lines: LineIndex): XmlElement {
  const tag = elementTag(node) as string;
  const meta = (node as Record<symbol, { startIndex?: number } | undefined>)[XMLParser.getMetaDataSymbol() as symbol];
  const line = lines.lineOf(meta?.startIndex ?? 0);
  const attributes = new Map<string, string>();
  const rawAttributes = (node[":@"] ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(rawAttributes)) {
    attributes.set(key, decodeEntities(file, line, tag, String(value)));
  }
  const children: XmlElement[] = [];
  let textContent = "";
  for (const child of (node[tag] ?? []) as OrderedNode[]) {
    if ("#text" in child) {
      textContent += decodeEntities(file, line, tag, String(child["#text"]));
    } else if ("#cdata" in child) {
      // CDATA content is literal text; fast-xml-parser nests it as a #text child
      for (const part of child["#cdata"] as OrderedNode[]) textContent += String(part["#text"] ?? "");
    } else if (elementTag(child) !== null) {
      children.push(toElement(file, child, lines));
    }
  }
  return { tag, line, attributes, children, text: textContent };
}

/** Decodes the predefined entities and character references; any other reference is an error. */
function decodeEntities(file: string, line: number, tag: string, raw: string): string {
  return raw.replace(/&([^;&\s]*);?/g, (match, name: string) => {
    if (!match.endsWith(";")) {
      throw new RulesError(file, line, tag, null, `bare '&' in text; write &amp;`);
    }
    if (name in PREDEFINED) return PREDEFINED[name] as string;
    const code = /^#x([0-9a-fA-F]+)$/.test(name)
      ? Number.parseInt(name.slice(2), 16)
      : /^#([0-9]+)$/.test(name)
        ? Number.parseInt(name.slice(1), 10)
        : Number.NaN;
    if (Number.isNaN(code) || code > 0x10ffff) {
      throw new RulesError(file, line, tag, null, `undefined entity reference ${match}`);
    }
    return String.fromCodePoint(code);
  });
}

/** Maps a character offset to a 1-based line number. */
class LineIndex {
  readonly #starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) this.#starts.push(i + 1);
  }
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.#starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.#starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}
