/**
 * /diff [path] — shows `git diff` for the working tree (or one path) in a
 * scrollable widget with simple +/- colouring.
 */
import type { ExtensionAPI } from "@pi/extension-api";

const MAX_LINES = 400;
const GIT = { exec: "git", args: ["diff", "--no-color"], env: { GIT_PAGER: "cat" } };

function colour(line: string, theme: { fg: (c: string, s: string) => string }): string {
  if (line.startsWith("+++") || line.startsWith("---")) return theme.fg("muted", line);
  if (line.startsWith("+")) return theme.fg("success", line);
  if (line.startsWith("-")) return theme.fg("error", line);
  if (line.startsWith("@@")) return theme.fg("accent", line);
  return line;
}

export default function (pi: ExtensionAPI) {
  pi.registerCommand("diff", {
    description: "Show the working tree diff",
    handler: async (args, ctx) => {
      const extra = args.trim() ? ["--", args.trim()] : [];
      const res = await pi.exec(GIT.exec, [...GIT.args, ...extra], { env: GIT.env });
      if (res.code !== 0) {
        pi.ui.notify(res.stderr.trim() || "git diff failed", "error");
        return;
      }
      const lines = res.stdout.split("\n");
      const shown = lines.slice(0, MAX_LINES).map((l) => colour(l, ctx.theme));
      if (lines.length > MAX_LINES) shown.push(`… ${lines.length - MAX_LINES} more lines`);
      await pi.ui.showScrollable("diff", shown.length > 1 ? shown : ["(no changes)"]);
    },
  });
}
