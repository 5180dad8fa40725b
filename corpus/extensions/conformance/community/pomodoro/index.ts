/**
 * /pomodoro [minutes] — a focus timer in the status line. When the period
 * ends you get a notification and a 5 minute break timer starts.
 * Uses worker-timers (an npm package, not node's worker_threads) so the timer
 * keeps ticking while the terminal tab is in the background.
 */
import type { ExtensionAPI } from "@pi/extension-api";
import { setInterval, clearInterval } from "worker-timers";

type Phase = "focus" | "break";

export default function (pi: ExtensionAPI) {
  let handle: number | undefined;
  let endsAt = 0;
  let phase: Phase = "focus";
  let completed = 0;

  const mmss = (ms: number) => {
    const s = Math.max(0, Math.round(ms / 1000));
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
  };

  function start(p: Phase, minutes: number) {
    if (handle !== undefined) clearInterval(handle);
    phase = p;
    endsAt = Date.now() + minutes * 60_000;
    handle = setInterval(() => {
      const left = endsAt - Date.now();
      pi.ui.setStatus("pomodoro", `${phase === "focus" ? "🍅" : "☕"} ${mmss(left)} (${completed})`);
      if (left <= 0) {
        if (phase === "focus") {
          completed++;
          void pi.session.set("pomodoro/completed", completed);
          pi.ui.notify("Focus period done — take a 5 minute break", "info");
          start("break", 5);
        } else {
          pi.ui.notify("Break over", "info");
          stop();
        }
      }
    }, 1000);
  }

  function stop() {
    if (handle !== undefined) clearInterval(handle);
    handle = undefined;
    pi.ui.setStatus("pomodoro", "");
  }

  pi.on("session_start", async () => {
    completed = (await pi.session.get<number>("pomodoro/completed")) ?? 0;
  });

  pi.registerCommand("pomodoro", {
    description: "Start (/pomodoro 25) or stop (/pomodoro stop) a focus timer",
    handler: async (args) => {
      if (args.trim() === "stop") return stop();
      const minutes = Number(args.trim()) || 25;
      start("focus", Math.min(Math.max(minutes, 1), 120));
    },
  });
}
