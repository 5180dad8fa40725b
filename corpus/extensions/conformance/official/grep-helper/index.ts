// search_code: a friendlier front for the grep tool with sane defaults
// (ignore vendored dirs, cap results, group by file).
import type { ExtensionAPI } from "@pi/extension-api";

const IGNORE = ["node_modules", "dist", "target", ".git", "vendor"];

export default function (pi: ExtensionAPI) {
  pi.registerTool({
    name: "search_code",
    description: "Search the codebase for a pattern and group matches by file.",
    parameters: {
      type: "object",
      properties: {
        pattern: { type: "string" },
        glob: { type: "string", description: "optional file glob, e.g. *.ts" },
        limit: { type: "number", default: 50 },
        literal: { type: "boolean", description: "treat pattern as plain text, e.g. eval( or process.binding(" },
      },
      required: ["pattern"],
    },
    async execute(args: { pattern: string; glob?: string; limit?: number; literal?: boolean }) {
      const pattern = args.literal ? args.pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") : args.pattern;
      const limit = Math.min(args.limit ?? 50, 200);
      const res = await pi.tool("grep", {
        pattern,
        glob: args.glob,
        ignore: IGNORE,
        limit,
      });
      const hits: { path: string; line: number; text: string }[] = res.matches ?? [];
      const byFile = new Map<string, string[]>();
      for (const h of hits) {
        const list = byFile.get(h.path) ?? [];
        list.push(`  ${h.line}: ${h.text.trim()}`);
        byFile.set(h.path, list);
      }
      const text = [...byFile].map(([f, l]) => `${f}\n${l.join("\n")}`).join("\n\n");
      return { content: [{ type: "text", text: text || "no matches" }] };
    },
  });
}
