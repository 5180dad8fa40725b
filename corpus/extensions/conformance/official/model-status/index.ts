// Shows the active model and thinking level in the footer.
import type { ExtensionAPI, ModelSelectEvent } from "@pi/extension-api";

export default function (pi: ExtensionAPI) {
  const show = (e: Pick<ModelSelectEvent, "provider" | "model" | "thinking">) =>
    pi.ui.setStatus("model", `${e.provider}/${e.model}${e.thinking && e.thinking !== "off" ? ` · ${e.thinking}` : ""}`);
  pi.on("session_start", async (_e, ctx) => show(ctx.model));
  pi.on("model_select", show);
}
