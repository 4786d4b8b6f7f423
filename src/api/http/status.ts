// Plain HTTP error pages for the Supervisor-compatible servers, byte for byte the page medusa
// (Supervisor's HTTP server) sends, with Content-Length so keep-alive connections stay usable.

import type { ServerResponse } from "node:http";
import { STATUS_CODES } from "node:http";

/**
 * medusa's error page for `code`.
 * @example errorPage(404) // "<head>\r\n<title>Error response</title>…<p>Message: Not Found.\r\n</body>\r\n"
 */
export function errorPage(code: number): string {
  const reason = STATUS_CODES[code] ?? "Error";
  return [
    "<head>",
    "<title>Error response</title>",
    "</head>",
    "<body>",
    "<h1>Error response</h1>",
    `<p>Error code ${code}.`,
    `<p>Message: ${reason}.`,
    "</body>",
    "",
  ].join("\r\n");
}

/**
 * Ends the response with `code` and medusa's error page.
 * @example sendStatus(res, 404)
 */
export function sendStatus(res: ServerResponse, code: number, headers: Record<string, string> = {}): void {
  const body = Buffer.from(errorPage(code), "utf8");
  res.writeHead(code, { ...headers, "Content-Length": String(body.length), "Content-Type": "text/html" });
  res.end(body);
}
