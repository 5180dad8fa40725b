// Reads provider rate-limit headers reported by the host after each response
// and shows the remaining request/token budget.
import type { ExtensionAPI } from "@pi/extension-api";

export default function (pi: ExtensionAPI) {
  pi.on("message_end", (event) => {
    const rl = event.message.rateLimit;
    if (!rl) return;
    const pct = rl.tokensLimit ? Math.round((rl.tokensRemaining / rl.tokensLimit) * 100) : 100;
    const warn = pct < 15 ? " ⚠" : "";
    pi.ui.setStatus("ratelimit", `req ${rl.requestsRemaining} · tok ${pct}%${warn}`);
  });
}
