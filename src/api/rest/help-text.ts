// The registry's help texts (what system.methodHelp serves) cut into the parts the OpenAPI
// document and the /api/ page show: the description, one text per parameter, the return text.
// Both docstring styles are read, as Supvisors' parser does (RPC-SYS-03):
//   Supervisor  "@param string name  the process name" / "@return boolean result  always true"
//   Supvisors   ":param str name: the process name" / ":return: always true" / ":rtype: bool"
// Lines after a tag line that carry no tag continue that tag's text. Pure.

export interface HelpParts {
  description: string;
  params: Map<string, string>;
  returns: string;
}

const SUPERVISOR_PARAM = /^@param\s+\S+\s+(\w+)\s*(.*)$/;
const SUPVISORS_PARAM = /^:param\s+(?:\S+\s+)?(\w+):\s*(.*)$/;
const SUPERVISOR_RETURN = /^@return\s+\S+\s*(.*)$/;
const SUPVISORS_RETURN = /^:return:\s*(.*)$/;
const OTHER_TAG = /^(?:@\w+|:\w+[^:]*:)/;

/**
 * @example parseHelp("Start a process.\n@param string name process name\n@return boolean result always true")
 *   // { description: "Start a process.", params: Map { name → "process name" }, returns: "result always true" }
 */
export function parseHelp(help: string): HelpParts {
  const description: string[] = [];
  const params = new Map<string, string>();
  let returns = "";
  // Where continuation lines go: the description until the first tag, then the last tag's text.
  let append: (line: string) => void = (line) => description.push(line);
  for (const raw of help.split("\n")) {
    const line = raw.trim();
    const param = SUPERVISOR_PARAM.exec(line) ?? SUPVISORS_PARAM.exec(line);
    if (param !== null) {
      const name = param[1]!;
      params.set(name, param[2]!.trim());
      append = (more) => params.set(name, `${params.get(name)} ${more}`.trim());
      continue;
    }
    const ret = SUPERVISOR_RETURN.exec(line) ?? SUPVISORS_RETURN.exec(line);
    if (ret !== null) {
      returns = ret[1]!.trim();
      append = (more) => (returns = `${returns} ${more}`.trim());
      continue;
    }
    if (OTHER_TAG.test(line)) {
      // :rtype:, @raise… carry nothing the documentation shows; their continuations neither.
      append = () => undefined;
      continue;
    }
    if (line !== "") append(line);
  }
  return { description: description.join("\n"), params, returns };
}

/** The first sentence (or line) of a description, for summaries. */
export function summaryOf(description: string): string {
  const firstLine = description.split("\n", 1)[0] ?? "";
  const end = firstLine.search(/\.(\s|$)/);
  return end >= 0 ? firstLine.slice(0, end + 1) : firstLine;
}
