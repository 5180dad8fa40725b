// Named presets (model + thinking level + a system prompt suffix) selectable
// with /preset. Presets are read from .pi/presets.json when present.
import type { ExtensionAPI } from "@pi/extension-api";

interface Preset {
  model?: string;
  thinking?: "off" | "low" | "medium" | "high";
  prompt?: string;
}

const BUILTIN: Record<string, Preset> = {
  quick: { thinking: "off", prompt: "Be brief." },
  careful: { thinking: "high", prompt: "Think through edge cases; run the tests before finishing." },
  review: { thinking: "medium", prompt: "Review only. Do not modify files." },
  evaluation: { thinking: "high", prompt: "You are running an evaluation; report evalScore-style metrics as a table." },
};

export default function (pi: ExtensionAPI) {
  let active: string | undefined;
  let presets: Record<string, Preset> = { ...BUILTIN };

  pi.on("session_start", async () => {
    const res = await pi.tool("read", { path: ".pi/presets.json" });
    if (res.ok) {
      try {
        presets = { ...BUILTIN, ...(JSON.parse(String(res.text)) as Record<string, Preset>) };
      } catch {
        pi.log("warn", "preset-switcher: .pi/presets.json is not valid JSON");
      }
    }
    active = (await pi.session.get<string>("preset")) ?? undefined;
  });

  pi.registerCommand("preset", {
    description: "Switch preset",
    handler: async (args) => {
      const name = args.trim() || (await pi.ui.select("Preset", Object.keys(presets)));
      if (!name || !presets[name]) return;
      active = name;
      const p = presets[name];
      if (p.model) await pi.session.setModel(p.model);
      if (p.thinking) await pi.session.setThinkingLevel(p.thinking);
      await pi.session.set("preset", name);
      pi.ui.setStatus("preset", `preset: ${name}`);
    },
  });

  pi.on("before_agent_start", (event) => {
    const suffix = active ? presets[active]?.prompt : undefined;
    if (suffix) return { systemPrompt: `${event.systemPrompt}\n\n${suffix}` };
  });
}
