/**
 * /tools — interactively enable or disable built-in and extension tools for
 * this session. The selection persists in session state.
 */
import type { ExtensionAPI } from "@pi/extension-api";

const KEY = "tools-toggle/disabled";

export default function (pi: ExtensionAPI) {
  let disabled = new Set<string>();

  pi.on("session_start", async () => {
    disabled = new Set((await pi.session.get<string[]>(KEY)) ?? []);
    if (disabled.size) pi.ui.setStatus("tools", `${disabled.size} tool(s) off`);
  });

  pi.registerCommand("tools", {
    description: "Enable or disable tools",
    handler: async (_args, ctx) => {
      const all = ctx.availableTools.map((t) => t.name).sort();
      for (;;) {
        const options = all.map((n) => `${disabled.has(n) ? "[ ]" : "[x]"} ${n}`);
        const pick = await pi.ui.select("Toggle tools (Esc to finish)", options);
        if (!pick) break;
        const name = pick.slice(4);
        disabled.has(name) ? disabled.delete(name) : disabled.add(name);
      }
      await pi.session.set(KEY, [...disabled]);
      pi.ui.setStatus("tools", disabled.size ? `${disabled.size} tool(s) off` : "");
    },
  });

  pi.on("tool_call", (event) => {
    if (disabled.has(event.toolName)) {
      return { block: true, reason: `${event.toolName} is disabled via /tools` };
    }
  });
}
