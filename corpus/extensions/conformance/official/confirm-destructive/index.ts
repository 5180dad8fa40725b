// Confirm before session-destroying actions (clear, new session, branch switch).
import type { ExtensionAPI } from "@pi/extension-api";

type Guarded = "session_before_clear" | "session_before_switch" | "session_before_branch";

const LABELS: Record<Guarded, string> = {
  session_before_clear: "Clear the whole conversation?",
  session_before_switch: "Switch to another session?",
  session_before_branch: "Branch from an earlier message?",
};

export default function (pi: ExtensionAPI) {
  for (const name of Object.keys(LABELS) as Guarded[]) {
    pi.on(name, async (_event, ctx) => {
      if (!ctx.hasUI) return;
      const messages = await pi.session.messages();
      if (messages.length < 2) return; // nothing worth protecting
      const ok = await pi.ui.confirm(LABELS[name], `${messages.length} messages in this session.`);
      if (!ok) return { cancel: true };
    });
  }
}
