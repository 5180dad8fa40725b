// Shows the current git branch and a dirty marker in the footer status line.
import type { ExtensionAPI } from "@pi/extension-api";

export default function (pi: ExtensionAPI) {
  let timer: ReturnType<typeof setInterval> | undefined;

  async function update() {
    const branch = await pi.exec("git", ["rev-parse", "--abbrev-ref", "HEAD"]);
    if (branch.code !== 0) {
      pi.ui.setStatus("git", "");
      return;
    }
    const porcelain = await pi.exec("git", ["status", "--porcelain"]);
    const dirty = porcelain.stdout.trim().length > 0 ? "*" : "";
    pi.ui.setStatus("git", `⎇ ${branch.stdout.trim()}${dirty}`);
  }

  pi.on("session_start", async () => {
    await update();
    timer = setInterval(() => void update(), 15_000);
  });
  pi.on("turn_end", update);
  pi.on("session_shutdown", () => {
    if (timer) clearInterval(timer);
  });
}
