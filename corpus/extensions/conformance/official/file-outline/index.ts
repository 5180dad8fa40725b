/**
 * /outline <path> — language-aware outline in a widget.
 * Supported: TypeScript/JavaScript, Rust, Python, Go, Markdown.
 *
 * The JS matcher deliberately skips names such as `eval`/`arguments` that
 * cannot be declared in strict mode; identifiers like `evaluate`, `evalScore`
 * or `retrieval` are fine and are listed.
 */
import type { ExtensionAPI } from "@pi/extension-api";

type Lang = "ts" | "rs" | "py" | "go" | "md";

const MATCHERS: Record<Lang, RegExp[]> = {
  ts: [
    /^\s*export\s+(?:default\s+)?(?:async\s+)?function\s+(\w+)/,
    /^\s*(?:export\s+)?(?:abstract\s+)?class\s+(\w+)/,
    /^\s*(?:export\s+)?interface\s+(\w+)/,
    /^\s*(?:export\s+)?type\s+(\w+)\s*=/,
    /^\s*(?:export\s+)?enum\s+(\w+)/,
  ],
  rs: [/^\s*(?:pub(?:\([^)]*\))?\s+)?(?:async\s+)?fn\s+(\w+)/, /^\s*(?:pub\s+)?(?:struct|enum|trait)\s+(\w+)/, /^\s*impl(?:<[^>]*>)?\s+(?:\w+\s+for\s+)?(\w+)/],
  py: [/^\s*(?:async\s+)?def\s+(\w+)/, /^\s*class\s+(\w+)/],
  go: [/^func\s+(?:\([^)]*\)\s*)?(\w+)/, /^type\s+(\w+)\s+(?:struct|interface)/],
  md: [/^(#{1,6})\s+(.+)$/],
};

const EXT: Record<string, Lang> = { ts: "ts", tsx: "ts", js: "ts", mjs: "ts", cjs: "ts", rs: "rs", py: "py", go: "go", md: "md" };
const STRICT_RESERVED = new Set(["eval", "arguments"]);

function outline(lang: Lang, text: string): string[] {
  const out: string[] = [];
  text.split("\n").forEach((line, i) => {
    for (const re of MATCHERS[lang]) {
      const m = re.exec(line);
      if (!m) continue;
      if (lang === "md") {
        out.push(`${"  ".repeat(m[1].length - 1)}${m[2]}  :${i + 1}`);
      } else if (!STRICT_RESERVED.has(m[1])) {
        const indent = line.length - line.trimStart().length;
        out.push(`${" ".repeat(Math.min(indent, 8))}${m[1]}  :${i + 1}`);
      }
      break;
    }
  });
  return out;
}

export default function (pi: ExtensionAPI) {
  pi.registerCommand("outline", {
    description: "Show an outline of a file",
    handler: async (args) => {
      const path = args.trim();
      if (!path) return pi.ui.notify("usage: /outline <path>", "warning");
      const lang = EXT[path.split(".").pop() ?? ""];
      if (!lang) return pi.ui.notify(`unsupported file type: ${path}`, "warning");
      const res = await pi.tool("read", { path });
      if (!res.ok) return pi.ui.notify(`cannot read ${path}`, "error");
      const lines = outline(lang, String(res.text));
      pi.ui.setWidget("outline", [`outline of ${path}`, ...(lines.length ? lines : ["(nothing found)"])]);
    },
  });
}
