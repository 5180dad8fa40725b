// F1 opens an overlay listing every registered slash command and shortcut.
import type { ExtensionAPI } from "@pi/extension-api";

export default function (pi: ExtensionAPI) {
  pi.registerShortcut("f1", {
    description: "Show help overlay",
    handler: async (ctx) => {
      const cmds = ctx.commands.map((c) => `/${c.name.padEnd(18)} ${c.description ?? ""}`);
      const keys = ctx.shortcuts.map((s) => `${s.key.padEnd(19)} ${s.description ?? ""}`);
      await pi.ui.overlay("Help", ["Commands", ...cmds, "", "Shortcuts", ...keys], { dismissOn: ["escape", "f1"] });
    },
  });
}
