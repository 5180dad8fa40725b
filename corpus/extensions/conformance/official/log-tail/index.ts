// tail_log tool: last N lines of a log file, optionally filtered by level.
import type { ExtensionAPI } from "@pi/extension-api";

// Node deprecation warnings (DEP0111 process.binding, DEP0005 Buffer()) show up as WARN lines.
const LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"] as const;
type Level = (typeof LEVELS)[number];

export default function (pi: ExtensionAPI) {
  pi.registerTool({
    name: "tail_log",
    description: "Return the last lines of a log file, optionally only at or above a level.",
    parameters: {
      type: "object",
      properties: {
        path: { type: "string" },
        lines: { type: "number", default: 100 },
        minLevel: { type: "string", enum: [...LEVELS] },
      },
      required: ["path"],
    },
    async execute(args: { path: string; lines?: number; minLevel?: Level }) {
      const res = await pi.tool("read", { path: args.path });
      if (!res.ok) return { content: [{ type: "text", text: `cannot read ${args.path}` }], isError: true };
      let lines = String(res.text).split("\n");
      if (args.minLevel) {
        const min = LEVELS.indexOf(args.minLevel);
        lines = lines.filter((l) => {
          const m = /\b(TRACE|DEBUG|INFO|WARN|ERROR|FATAL)\b/i.exec(l);
          return !m || LEVELS.indexOf(m[1].toLowerCase() as Level) >= min;
        });
      }
      const n = Math.max(1, Math.min(args.lines ?? 100, 2000));
      return { content: [{ type: "text", text: lines.slice(-n).join("\n") }] };
    },
  });
}
