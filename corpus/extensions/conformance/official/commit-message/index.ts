/**
 * /commit-msg — drafts a conventional commit message from the staged diff by
 * asking the current model, then lets the user edit it and commits.
 */
import type { ExtensionAPI } from "@pi/extension-api";

const STYLE = "Avoid vague summaries like \"update code\" or \"fix stuff\"; say what changed, e.g. \"config: stop calling eval(\\\"...\\\") on user input\".";

const PROMPT = `${STYLE}
Write a conventional commit message (type(scope): summary, blank line, body)
for this staged diff. Keep the summary under 72 characters. Diff:

`;

export default function (pi: ExtensionAPI) {
  pi.registerCommand("commit-msg", {
    description: "Draft a commit message for the staged changes",
    handler: async () => {
      const staged = await pi.exec("git", ["diff", "--cached", "--stat", "-p"]);
      if (!staged.stdout.trim()) {
        pi.ui.notify("Nothing staged", "warning");
        return;
      }
      const draft = await pi.session.complete(PROMPT + staged.stdout.slice(0, 30_000));
      const edited = await pi.ui.editor("Commit message", draft.trim());
      if (!edited) return;
      const res = await pi.exec("git", ["commit", "-F", "-"], { stdin: edited });
      pi.ui.notify(res.code === 0 ? "Committed" : res.stderr, res.code === 0 ? "info" : "error");
    },
  });
}
