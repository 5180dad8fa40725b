/**
 * /handoff — writes a short markdown handoff note summarising the session so a
 * fresh session (or a colleague) can continue.
 */
import type { ExtensionAPI, SessionMessage } from "@pi/extension-api";

function summarise(messages: SessionMessage[]): string {
  const userTurns = messages.filter((m) => m.role === "user");
  const toolCalls = messages.flatMap((m) => m.toolCalls ?? []);
  const touched = new Set<string>();
  for (const call of toolCalls) {
    if ((call.name === "write" || call.name === "edit") && typeof call.input?.path === "string") {
      touched.add(call.input.path);
    }
  }
  const firstAsk = userTurns[0]?.text?.split("\n")[0] ?? "(no user message)";
  const lastAsk = userTurns.at(-1)?.text?.split("\n")[0] ?? firstAsk;
  return [
    "# Handoff",
    "",
    `**Started with:** ${firstAsk}`,
    `**Latest request:** ${lastAsk}`,
    "",
    `## Files changed (${touched.size})`,
    ...[...touched].sort().map((p) => `- \`${p}\``),
    "",
    `_${userTurns.length} user turns, ${toolCalls.length} tool calls._`,
  ].join("\n");
}

export default function (pi: ExtensionAPI) {
  pi.registerCommand("handoff", {
    description: "Write HANDOFF.md summarising this session",
    handler: async (args) => {
      const target = args.trim() || "HANDOFF.md";
      const messages = await pi.session.messages();
      const body = summarise(messages);
      await pi.tool("write", { path: target, content: body + "\n" });
      pi.ui.notify(`Wrote ${target}`, "info");
    },
  });
}
