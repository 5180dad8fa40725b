/**
 * /todos-in-code — finds TODO/FIXME/HACK/XXX comments across the repo and
 * shows them grouped by tag. A line like `// TODO: remove eval() fallback` is
 * found by the grep below; this file itself only contains the words in text.
 */
import type { ExtensionAPI } from "@pi/extension-api";

const TAGS = ["FIXME", "TODO", "HACK", "XXX"] as const;
type Tag = (typeof TAGS)[number];

export default function (pi: ExtensionAPI) {
  pi.registerCommand("todos-in-code", {
    description: "List TODO/FIXME/HACK/XXX comments in the codebase",
    handler: async () => {
      const res = await pi.tool("grep", {
        pattern: "(//|#|/\\*|\\*)\\s*(TODO|FIXME|HACK|XXX)\\b",
        ignore: ["node_modules", "dist", "target", ".git"],
        limit: 500,
      });
      const groups = new Map<Tag, string[]>(TAGS.map((t) => [t, []]));
      for (const m of res.matches ?? []) {
        const tag = TAGS.find((t) => m.text.includes(t));
        if (!tag) continue;
        const note = m.text.slice(m.text.indexOf(tag) + tag.length).replace(/^[:\s(]+/, "").trim();
        groups.get(tag)!.push(`  ${m.path}:${m.line}  ${note.slice(0, 80)}`);
      }
      const lines: string[] = [];
      for (const [tag, items] of groups) if (items.length) lines.push(`${tag} (${items.length})`, ...items.slice(0, 25));
      pi.ui.setWidget("todos-in-code", lines.length ? lines : ["no TODO comments 🎉"]);
    },
  });
}
