// /stats — token usage and cost for the session, with a per-model breakdown.
import type { ExtensionAPI } from "@pi/extension-api";

interface Row { model: string; input: number; output: number; cost: number }

export default function (pi: ExtensionAPI) {
  pi.registerCommand("stats", {
    description: "Token and cost statistics for this session",
    handler: async () => {
      const messages = await pi.session.messages();
      const rows = new Map<string, Row>();
      for (const m of messages) {
        if (m.role !== "assistant" || !m.usage) continue;
        const key = `${m.provider}/${m.model}`;
        const r = rows.get(key) ?? { model: key, input: 0, output: 0, cost: 0 };
        r.input += m.usage.input;
        r.output += m.usage.output;
        r.cost += m.usage.cost?.total ?? 0;
        rows.set(key, r);
      }
      const all = [...rows.values()];
      const total = all.reduce((a, r) => a + r.cost, 0);
      const tokens = all.reduce((a, r) => a + r.input + r.output, 0);
      const perK = tokens ? total / tokens / 1e-3 : 0; // dollars per 1k tokens
      const lines = all.map((r) => `${r.model.padEnd(32)} in ${r.input} out ${r.output} $${r.cost.toFixed(4)}`);
      lines.push(`total $${total.toFixed(4)} ($${perK.toFixed(4)}/1k tok)`);
      pi.ui.setWidget("stats", lines);
    },
  });
}
