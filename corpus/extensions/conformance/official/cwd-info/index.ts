// Shows the working directory (shortened) and the number of files at the top level.
import type { ExtensionAPI } from "@pi/extension-api";
export default function (pi: ExtensionAPI) {
  pi.on("session_start", async (_e, ctx) => {
    const listing = await pi.tool("ls", { path: "." });
    const short = ctx.cwd.length > 40 ? "…" + ctx.cwd.slice(-39) : ctx.cwd;
    pi.ui.setStatus("cwd", `${short} (${listing.entries?.length ?? 0})`);
  });
}
