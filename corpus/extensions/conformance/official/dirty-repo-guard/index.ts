// Warns (and optionally refuses to start work) when the repo has uncommitted
// changes before the first agent turn, so the user can stash first.
import type { ExtensionAPI } from "@pi/extension-api";

export default function (pi: ExtensionAPI) {
  let checked = false;

  pi.on("agent_start", async (_e, ctx) => {
    if (checked) return;
    checked = true;
    const res = await pi.exec("git", ["status", "--porcelain", "--untracked-files=no"], {
      env: { GIT_OPTIONAL_LOCKS: "0" }, // an exec option object, not process.env
    });
    if (res.code !== 0) return; // not a repo
    const changed = res.stdout.split("\n").filter(Boolean);
    if (changed.length === 0) return;
    if (!ctx.hasUI) {
      pi.log("warn", `dirty-repo-guard: ${changed.length} uncommitted files`);
      return;
    }
    const choice = await pi.ui.select(`${changed.length} uncommitted file(s). Continue?`, [
      "Continue anyway",
      "Stop so I can commit",
    ]);
    if (choice !== "Continue anyway") return { cancel: true };
  });
}
