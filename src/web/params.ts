// URL parameters of the main and conciliation pages (UI-10): parsed once per request into a typed
// value; an invalid value is replaced by its default and reported as an error message, as
// Supvisors' view context does.

export type Gravity = "info" | "warn" | "erro" | "";

export const GRAVITIES: readonly Gravity[] = ["info", "warn", "erro"];

export interface PageParams {
  action: string;
  namespec: string;
  ident: string;
  auto: boolean;
  message: string;
  gravity: Gravity;
  /** Parameter errors, shown in the message box (erro) when no other message is given. */
  errors: string[];
}

function parseBool(text: string): boolean | null {
  const lower = text.toLowerCase();
  if (["true", "1", "yes", "on"].includes(lower)) return true;
  if (["false", "0", "no", "off", ""].includes(lower)) return false;
  return null;
}

/**
 * @example parsePageParams(new URLSearchParams("action=sup_sync&auto=true")) // { action: "sup_sync", auto: true, ... }
 */
export function parsePageParams(query: URLSearchParams, knownIdentifiers: ReadonlySet<string>): PageParams {
  const errors: string[] = [];
  const get = (name: string) => query.get(name) ?? "";
  const autoText = get("auto");
  let auto = parseBool(autoText);
  if (auto === null) {
    errors.push(`Incorrect auto=${autoText}`);
    auto = false;
  }
  let ident = get("ident");
  if (ident !== "" && !knownIdentifiers.has(ident)) {
    errors.push(`Incorrect ident=${ident}`);
    ident = "";
  }
  const gravityText = get("gravity");
  let gravity: Gravity = "";
  if ((GRAVITIES as readonly string[]).includes(gravityText)) gravity = gravityText as Gravity;
  else if (gravityText !== "") errors.push(`Incorrect gravity=${gravityText}`);
  return { action: get("action"), namespec: get("namespec"), ident, auto, message: get("message"), gravity, errors };
}
