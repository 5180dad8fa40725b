/**
 * /badges — inserts or refreshes a shields.io badge row at the top of
 * README.md based on what the repo contains (license, CI, language).
 */
import type { ExtensionAPI } from "@pi/extension-api";

const BADGE_RE = /!\[[^\]]*\]\([^)]*\)/g; // matches ![alt](url); the slashes inside are escaped
const START = "<!-- badges:start -->";
const END = "<!-- badges:end -->";

export default function (pi: ExtensionAPI) {
  pi.registerCommand("badges", {
    description: "Insert/refresh README badges",
    handler: async () => {
      const readme = await pi.tool("read", { path: "README.md" });
      if (!readme.ok) return pi.ui.notify("no README.md", "warning");
      const remote = await pi.exec("git", ["remote", "get-url", "origin"]);
      const slug = /github\.com[:/](.+?)(\.git)?\s*$/.exec(remote.stdout)?.[1];
      const ls = await pi.tool("ls", { path: "." });
      const names = new Set<string>((ls.entries ?? []).map((e: { name: string }) => e.name));
      const badges: string[] = [];
      if (slug && (await pi.tool("ls", { path: ".github/workflows" })).ok) {
        badges.push(`[![CI](https://github.com/${slug}/actions/workflows/ci.yml/badge.svg)](https://github.com/${slug}/actions)`);
      }
      if (names.has("Cargo.toml")) badges.push("![Rust](https://img.shields.io/badge/lang-rust-orange)");
      if (names.has("package.json")) badges.push("![Node](https://img.shields.io/badge/lang-node-green)");
      const lic = [...names].find((n) => /^LICEN[CS]E/i.test(n));
      if (lic && slug) badges.push(`![License](https://img.shields.io/github/license/${slug})`);
      const block = `${START}\n${badges.join(" ")}\n${END}`;
      const text = String(readme.text);
      const next = text.includes(START)
        ? text.replace(new RegExp(`${START}[\\s\\S]*?${END}`), block)
        : text.replace(/^(# .*\n)/, `$1\n${block}\n`);
      if (next !== text) await pi.tool("write", { path: "README.md", content: next });
      pi.ui.notify(`${badges.length} badges`, "info");
    },
  });
}
