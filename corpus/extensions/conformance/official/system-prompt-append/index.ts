// Appends the contents of AGENTS.local.md (if present) to the system prompt.
import type { ExtensionAPI } from "@pi/extension-api";

export default function (pi: ExtensionAPI) {
  let extra: string | null = null;
  pi.on("session_start", async () => {
    const res = await pi.tool("read", { path: "AGENTS.local.md" });
    extra = res.ok ? String(res.text).trim() : null;
  });
  pi.on("before_agent_start", (e) => (extra ? { systemPrompt: `${e.systemPrompt}\n\n${extra}` } : undefined));
}
