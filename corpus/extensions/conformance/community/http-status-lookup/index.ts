/**
 * http_status tool: explains an HTTP status code using the
 * `http-status-codes` npm package (not node's http module).
 */
import type { ExtensionAPI } from "@pi/extension-api";
import { getReasonPhrase, StatusCodes } from "http-status-codes";

const HINTS: Partial<Record<number, string>> = {
  [StatusCodes.UNAUTHORIZED]: "Missing or invalid credentials; check the auth header.",
  [StatusCodes.FORBIDDEN]: "Authenticated but not allowed; check scopes/permissions.",
  [StatusCodes.TOO_MANY_REQUESTS]: "Rate limited; honour Retry-After.",
  [StatusCodes.BAD_GATEWAY]: "Upstream server failed; usually transient.",
  [StatusCodes.SERVICE_UNAVAILABLE]: "Server overloaded or in maintenance; retry with backoff.",
};

export default function (pi: ExtensionAPI) {
  pi.registerTool({
    name: "http_status",
    description: "Explain an HTTP status code.",
    parameters: { type: "object", properties: { code: { type: "number" } }, required: ["code"] },
    async execute({ code }: { code: number }) {
      let phrase: string;
      try {
        phrase = getReasonPhrase(code);
      } catch {
        return { content: [{ type: "text", text: `${code} is not a known status code` }], isError: true };
      }
      const klass = ["", "informational", "success", "redirection", "client error", "server error"][Math.floor(code / 100)] ?? "unknown";
      return { content: [{ type: "text", text: `${code} ${phrase} (${klass})${HINTS[code] ? `\n${HINTS[code]}` : ""}` }] };
    },
  });
}
