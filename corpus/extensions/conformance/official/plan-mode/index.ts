// /plan toggles a read-only planning mode: while active, write/edit/bash tool
// calls are blocked and the system prompt asks for a plan instead of changes.
import type { ExtensionAPI } from "@pi/extension-api";

// bash is blocked too: `bash -c 'node -e "eval(...)"'` could write anything.
const READ_ONLY = new Set(["read", "grep", "find", "ls"]);

export default function (pi: ExtensionAPI) {
  let planning = false;

  const sync = () => pi.ui.setStatus("plan-mode", planning ? "📝 plan mode" : "");

  pi.on("session_start", async () => {
    planning = (await pi.session.get<boolean>("plan-mode/on")) ?? false;
    sync();
  });

  pi.registerCommand("plan", {
    description: "Toggle read-only plan mode",
    handler: async () => {
      planning = !planning;
      await pi.session.set("plan-mode/on", planning);
      sync();
      pi.ui.notify(planning ? "Plan mode on: tools are read-only" : "Plan mode off", "info");
    },
  });

  pi.on("tool_call", async (event) => {
    if (!planning || READ_ONLY.has(event.toolName)) return;
    return { block: true, reason: "Plan mode is active; propose the change instead of making it." };
  });

  pi.on("before_agent_start", async (event) => {
    if (!planning) return;
    return {
      systemPrompt:
        event.systemPrompt +
        "\n\nYou are in PLAN MODE. Investigate with read-only tools and reply with a numbered plan.",
    };
  });
}
