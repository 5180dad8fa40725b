/**
 * Truncates very long tool results (keeps head and tail) to protect the
 * context window. Threshold configurable with /truncate <chars>.
 */
import type { ExtensionAPI, ToolResultEvent } from "@pi/extension-api";

export default function (pi: ExtensionAPI) {
  let limit = 30_000;

  pi.registerCommand("truncate", {
    description: "Set the tool output truncation threshold in characters",
    handler: async (args) => {
      const n = parseInt(args, 10);
      if (!Number.isFinite(n) || n < 1000) return pi.ui.notify("usage: /truncate <chars ≥ 1000>", "warning");
      limit = n;
      pi.ui.notify(`tool output truncated above ${limit} chars`, "info");
    },
  });

  pi.on("tool_result", (event: ToolResultEvent) => {
    const text = event.content.map((c) => (c.type === "text" ? c.text : "")).join("");
    if (text.length <= limit) return;
    const keep = Math.floor(limit / 2);
    const cut = text.length - 2 * keep;
    pi.log("debug", `tool-result-truncate: ${event.toolName} cut ${cut} chars`);
    return {
      content: [{ type: "text", text: `${text.slice(0, keep)}\n\n[… ${cut} characters truncated …]\n\n${text.slice(-keep)}` }],
    };
  });
}
