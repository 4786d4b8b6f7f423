// The one template helper of the dashboard views: hono/html's `html` tag (every interpolated
// string escaped, nested templates kept as they are), narrowed to its synchronous result, since
// no view ever awaits anything.

import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";

export type Html = HtmlEscapedString;
export type Child = Html | string | number | boolean | null | undefined | Child[];

/**
 * @example h`<li class="${cls}">${name}</li>` // name and cls escaped
 */
export function h(strings: TemplateStringsArray, ...values: Child[]): Html {
  const result = html(strings, ...(values as unknown[]));
  if (result instanceof Promise) throw new Error("dashboard templates are synchronous");
  return result;
}

/** Text already HTML (an entity, a rendered fragment): inserted as it is. */
export function trusted(text: string): Html {
  return raw(text);
}

/** Class attribute value from the names that apply. */
export function classes(...names: (string | false | null | undefined)[]): string {
  return names.filter((n): n is string => typeof n === "string" && n !== "").join(" ");
}
