/**
 * summarize_file tool: returns a structural outline of a source file
 * (imports, exports, functions, classes) without dumping the whole file.
 *
 * The import matcher below recognises lines such as
 *     import vm from "vm";            // flagged elsewhere, only *reported* here
 *     const cp = require('child_process');
 * and lists the module names. This extension never imports them itself.
 */
import type { ExtensionAPI } from "@pi/extension-api";

const IMPORT_RE = /^\s*import\s+(?:[\w*{}\s,]+\s+from\s+)?["']([^"']+)["']/;
const REQUIRE_RE = /require\(\s*["']([^"']+)["']\s*\)/g;
const FUNC_RE = /^\s*(?:export\s+)?(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)/;
const CLASS_RE = /^\s*(?:export\s+)?(?:abstract\s+)?class\s+([A-Za-z_$][\w$]*)/;
const ARROW_RE = /^\s*(?:export\s+)?const\s+([A-Za-z_$][\w$]*)\s*=\s*(?:async\s*)?\(/;

interface Outline {
  imports: string[];
  functions: string[];
  classes: string[];
  lines: number;
}

export function outline(source: string): Outline {
  const out: Outline = { imports: [], functions: [], classes: [], lines: 0 };
  const lines = source.split("\n");
  out.lines = lines.length;
  lines.forEach((line, i) => {
    const imp = IMPORT_RE.exec(line);
    if (imp) out.imports.push(imp[1]);
    for (const r of line.matchAll(REQUIRE_RE)) out.imports.push(r[1]);
    const fn = FUNC_RE.exec(line) ?? ARROW_RE.exec(line);
    if (fn) out.functions.push(`${fn[1]} (line ${i + 1})`);
    const cls = CLASS_RE.exec(line);
    if (cls) out.classes.push(`${cls[1]} (line ${i + 1})`);
  });
  return out;
}

export default function (pi: ExtensionAPI) {
  pi.registerTool({
    name: "summarize_file",
    description: "Outline a source file: imports, functions and classes with line numbers.",
    parameters: {
      type: "object",
      properties: { path: { type: "string" } },
      required: ["path"],
    },
    async execute({ path }: { path: string }) {
      const res = await pi.tool("read", { path });
      if (!res.ok) return { content: [{ type: "text", text: `cannot read ${path}` }], isError: true };
      const o = outline(String(res.text));
      const text = [
        `${path}: ${o.lines} lines`,
        `imports: ${o.imports.join(", ") || "-"}`,
        `functions:\n${o.functions.map((f) => "  " + f).join("\n") || "  -"}`,
        `classes:\n${o.classes.map((c) => "  " + c).join("\n") || "  -"}`,
      ].join("\n");
      return { content: [{ type: "text", text }] };
    },
  });
}
