// count_tokens tool: approximate token count of files (chars/4 heuristic,
// adjusted for code density), so the model can decide what to read fully.
import type { ExtensionAPI } from "@pi/extension-api";

function estimate(text: string): number {
  const words = text.split(/\s+/).filter(Boolean).length;
  const symbols = (text.match(/[{}()[\];,.<>:=+\-*/%!&|^~?]/g) ?? []).length;
  // prose ≈ 1.3 tokens/word; code symbols mostly tokenise alone
  return Math.round(words * 1.3 + symbols * 0.6 + text.length / 4 / 4);
}

export default function (pi: ExtensionAPI) {
  pi.registerTool({
    name: "count_tokens",
    description: "Estimate token counts for files before reading them.",
    parameters: { type: "object", properties: { paths: { type: "array", items: { type: "string" } } }, required: ["paths"] },
    async execute({ paths }: { paths: string[] }) {
      let total = 0;
      const rows: string[] = [];
      for (const p of paths.slice(0, 100)) {
        const r = await pi.tool("read", { path: p });
        if (!r.ok) { rows.push(`${p}: unreadable`); continue; }
        const n = estimate(String(r.text));
        total += n;
        rows.push(`${String(n).padStart(7)}  ${p}`);
      }
      rows.push(`${String(total).padStart(7)}  total`);
      return { content: [{ type: "text", text: rows.join("\n") }] };
    },
  });
}
