/**
 * Blocks `git commit -m "..."` bash calls whose message isn't a Conventional
 * Commit, and tells the model why. Examples that pass:
 *   feat(parser): support medieval date formats
 *   fix: don't call eval() on config values
 */
import type { ExtensionAPI } from "@pi/extension-api";

const TYPES = ["feat", "fix", "docs", "style", "refactor", "perf", "test", "build", "ci", "chore", "revert"];
const HEADER = new RegExp(`^(${TYPES.join("|")})(\\([\\w./-]+\\))?(!)?: .{1,72}$`);
const MSG_ARG = /git\s+commit\b[^"']*-m\s+(["'])((?:\\.|(?!\1).)*)\1/;

export function check(header: string): string | null {
  if (HEADER.test(header)) return null;
  if (header.length > 80) return "header longer than 72 characters after the type";
  if (!/^[a-z]+(\(|!|:)/.test(header)) return `header must start with one of: ${TYPES.join(", ")}`;
  return "expected 'type(scope): description'";
}

export default function (pi: ExtensionAPI) {
  pi.on("tool_call", (e) => {
    if (e.toolName !== "bash") return;
    const m = MSG_ARG.exec(String(e.input?.command ?? ""));
    if (!m) return;
    const header = m[2].replace(/\\(["'])/g, "$1").split("\\n")[0];
    const problem = check(header);
    if (problem) return { block: true, reason: `Commit message "${header}" rejected: ${problem}` };
  });
}
