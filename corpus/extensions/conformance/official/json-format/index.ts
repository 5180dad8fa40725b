/**
 * format_json tool: pretty-prints (or minifies) a JSON file in place.
 * Parses with JSON.parse only — JSON is data, so there is no reason to ever
 * reach for eval("(" + text + ")") like old tutorials did.
 */
import type { ExtensionAPI } from "@pi/extension-api";

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export default function (pi: ExtensionAPI) {
  pi.registerTool({
    name: "format_json",
    description: "Reformat a JSON file: indent (default 2), minify, or sort keys.",
    parameters: {
      type: "object",
      properties: {
        path: { type: "string" },
        indent: { type: "number", default: 2 },
        minify: { type: "boolean", default: false },
        sortKeys: { type: "boolean", default: false },
      },
      required: ["path"],
    },
    async execute(args: { path: string; indent?: number; minify?: boolean; sortKeys?: boolean }) {
      const src = await pi.tool("read", { path: args.path });
      if (!src.ok) return { content: [{ type: "text", text: `cannot read ${args.path}` }], isError: true };
      let data: unknown;
      try {
        data = JSON.parse(String(src.text));
      } catch (e) {
        return { content: [{ type: "text", text: `invalid JSON: ${(e as Error).message}` }], isError: true };
      }
      if (args.sortKeys) data = sortKeys(data);
      const out = args.minify ? JSON.stringify(data) : JSON.stringify(data, null, args.indent ?? 2);
      await pi.tool("write", { path: args.path, content: out + "\n" });
      return { content: [{ type: "text", text: `formatted ${args.path} (${out.length} chars)` }] };
    },
  });
}
