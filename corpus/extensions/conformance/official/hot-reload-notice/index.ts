// Tells the user when extension files under .pi/extensions changed, so they can /reload.
import type { ExtensionAPI } from "@pi/extension-api";

export default function (pi: ExtensionAPI) {
  let snapshot = "";
  async function stamp(): Promise<string> {
    const res = await pi.tool("find", { pattern: ".pi/extensions/**/*.{ts,js,mjs,cjs}", withMtime: true });
    return (res.paths ?? []).map((p: { path: string; mtime: number }) => `${p.path}@${p.mtime}`).sort().join("|");
  }
  pi.on("session_start", async () => { snapshot = await stamp(); });
  pi.on("agent_end", async () => {
    const now = await stamp();
    if (now !== snapshot) {
      snapshot = now;
      pi.ui.notify(`Extension files changed — ${`run ${"/reload"} to pick them up`}`, "info");
    }
  });
}
