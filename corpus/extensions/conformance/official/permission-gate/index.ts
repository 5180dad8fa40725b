/**
 * permission-gate: asks the user before the agent runs a bash command that
 * matches one of the risky patterns in ./patterns.ts.
 *
 * Note: the patterns are plain RegExp literals. Matching text like "eval(" or
 * "process.binding" in a *command string* says nothing about this file.
 */
import type { ExtensionAPI, ToolCallEvent } from "@pi/extension-api";
import { RISKY, describe } from "./patterns";

export default function (pi: ExtensionAPI) {
  let approvals = 0;
  let refusals = 0;

  pi.on("tool_call", async (event: ToolCallEvent, ctx) => {
    if (event.toolName !== "bash") return;
    const command = String(event.input?.command ?? "");
    const hits = RISKY.filter((p) => p.re.test(command));
    if (hits.length === 0) return;

    if (!ctx.hasUI) {
      refusals++;
      return { block: true, reason: "risky command and no UI to confirm" };
    }
    const ok = await pi.ui.confirm(
      "Run risky command?",
      `${command}\n\nMatched: ${hits.map(describe).join(", ")}`,
    );
    if (ok) {
      approvals++;
      pi.log("info", `permission-gate: approved (${approvals} so far)`);
      return;
    }
    refusals++;
    return { block: true, reason: "blocked by user" };
  });

  pi.registerCommand("gate-stats", {
    description: "Show how many risky commands were approved or refused",
    handler: async () => {
      pi.ui.notify(`approved ${approvals}, refused ${refusals}`, "info");
    },
  });
}
