// Shows how long the current agent turn has been running in the status line.
import type { ExtensionAPI } from "@pi/extension-api";

const fmt = (ms: number) => {
  const s = Math.floor(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
};

export default function (pi: ExtensionAPI) {
  let t0 = 0;
  let tick: ReturnType<typeof setInterval> | undefined;
  pi.on("agent_start", () => {
    t0 = Date.now();
    tick = setInterval(() => pi.ui.setStatus("timer", `⏱ ${fmt(Date.now() - t0)}`), 1000);
  });
  pi.on("agent_end", () => {
    if (tick) clearInterval(tick);
    pi.ui.setStatus("timer", `last turn ${fmt(Date.now() - t0)}`);
  });
}
