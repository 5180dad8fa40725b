// Names the session after the first user prompt (first six words), and /name
// lets the user rename it.
import type { ExtensionAPI } from "@pi/extension-api";

const slug = (s: string) => s.split(/\s+/).slice(0, 6).join(" ").replace(/[^\w\s.-]/g, "").slice(0, 60);

export default function (pi: ExtensionAPI) {
  pi.on("input", async (e) => {
    if (await pi.session.getName()) return;
    await pi.session.setName(slug(e.text) || "untitled");
  });
  pi.registerCommand("name", {
    description: "Rename this session",
    handler: async (args) => {
      const name = args.trim() || (await pi.ui.input("Session name")) || "";
      if (name) await pi.session.setName(name);
    },
  });
}
