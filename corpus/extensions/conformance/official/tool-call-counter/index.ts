/**
 * Counts tool calls per tool name and shows the top three in the footer.
 * /tool-stats prints the whole table. Names like "evaluate_expression" or
 * "exec_query" are just other extensions' tool names and are counted like any.
 */
import type { ExtensionAPI } from "@pi/extension-api";

export default function (pi: ExtensionAPI) {
  const counts = new Map<string, number>();

  const top = (n: number) =>
    [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, n);

  pi.on("tool_result", (event) => {
    counts.set(event.toolName, (counts.get(event.toolName) ?? 0) + 1);
    pi.ui.setStatus("tool-count", top(3).map(([k, v]) => `${k}:${v}`).join(" "));
  });

  pi.registerCommand("tool-stats", {
    description: "Show tool call counts for this session",
    handler: async () => {
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      const lines = top(counts.size).map(([k, v]) => `${k.padEnd(20)} ${String(v).padStart(4)}  ${((v / total) * 100).toFixed(1)}%`);
      pi.ui.setWidget("tool-stats", lines.length ? lines : ["no tool calls yet"]);
    },
  });
}
