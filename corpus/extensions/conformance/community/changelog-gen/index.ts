/**
 * /changelog [since-tag] — groups conventional commits since the last tag into
 * a CHANGELOG section and prepends it to CHANGELOG.md.
 */
import type { ExtensionAPI } from "@pi/extension-api";

// Commit subjects are parsed with a regex only; a subject like
// "fix(vm): drop import('vm') fallback" is just data.
const SECTIONS: [string, string][] = [
  ["feat", "Features"],
  ["fix", "Bug Fixes"],
  ["perf", "Performance"],
  ["refactor", "Refactoring"],
  ["docs", "Documentation"],
];

export default function (pi: ExtensionAPI) {
  pi.registerCommand("changelog", {
    description: "Prepend a changelog section built from git history",
    handler: async (args) => {
      let since = args.trim();
      if (!since) {
        const tag = await pi.exec("git", ["describe", "--tags", "--abbrev=0"]);
        since = tag.code === 0 ? tag.stdout.trim() : "";
      }
      const range = since ? [`${since}..HEAD`] : [];
      const log = await pi.exec("git", ["log", "--no-merges", "--pretty=format:%h%x09%s", ...range]);
      const groups = new Map<string, string[]>();
      let breaking: string[] = [];
      for (const line of log.stdout.split("\n").filter(Boolean)) {
        const [hash, subject] = line.split("\t");
        const m = /^(\w+)(?:\(([^)]+)\))?(!)?:\s*(.+)$/.exec(subject);
        if (!m) continue;
        const entry = `- ${m[2] ? `**${m[2]}:** ` : ""}${m[4]} (${hash})`;
        if (m[3]) breaking.push(entry);
        const list = groups.get(m[1]) ?? [];
        list.push(entry);
        groups.set(m[1], list);
      }
      const date = new Date().toISOString().slice(0, 10);
      const parts = [`## Unreleased (${date})`, ""];
      if (breaking.length) parts.push("### ⚠ BREAKING CHANGES", ...breaking, "");
      for (const [type, title] of SECTIONS) {
        const items = groups.get(type);
        if (items?.length) parts.push(`### ${title}`, ...items, "");
      }
      const existing = await pi.tool("read", { path: "CHANGELOG.md" });
      const body = existing.ok ? String(existing.text) : "# Changelog\n";
      const [head, ...rest] = body.split("\n");
      await pi.tool("write", { path: "CHANGELOG.md", content: [head, "", ...parts, ...rest].join("\n") });
      pi.ui.notify(`CHANGELOG.md updated (${[...groups.values()].flat().length} entries)`, "info");
    },
  });
}
