// Ctrl+T cycles through the installed themes.
import type { ExtensionAPI } from "@pi/extension-api";
export default function (pi: ExtensionAPI) {
  pi.registerShortcut("ctrl+t", {
    description: "Next theme",
    handler: async () => {
      const themes = pi.ui.listThemes();
      const i = themes.indexOf(pi.ui.currentTheme());
      const next = themes[(i + 1) % themes.length];
      pi.ui.setTheme(next);
      pi.ui.notify(`theme: ${next}`, "info");
    },
  });
}
