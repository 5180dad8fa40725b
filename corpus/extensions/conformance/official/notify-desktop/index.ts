// Sends a desktop notification when the agent finishes a long turn.
// Linux: notify-send, macOS: osascript. Platform comes from the host context.
import type { ExtensionAPI } from "@pi/extension-api";

const MIN_TURN_MS = 20_000;

export default function (pi: ExtensionAPI) {
  let started = 0;
  pi.on("agent_start", () => {
    started = Date.now();
  });
  pi.on("agent_end", async (_e, ctx) => {
    const elapsed = Date.now() - started;
    if (elapsed < MIN_TURN_MS) return;
    const secs = Math.round(elapsed / 1000);
    const text = `pi finished after ${secs}s`.replace(/"/g, '\\"');
    if (ctx.platform === "darwin") {
      await pi.exec("osascript", ["-e", `display notification "${text}" with title "pi"`]);
    } else {
      await pi.exec("notify-send", ["pi", text]);
    }
  });
}
