/**
 * Demonstrates the UI primitives: select, confirm, input and notify.
 * /pick-demo walks through each so extension authors can see the look.
 */
import type { ExtensionAPI } from "@pi/extension-api";

export default function (pi: ExtensionAPI) {
  pi.registerCommand("pick-demo", {
    description: "Walk through the UI primitives",
    handler: async () => {
      const fruit = await pi.ui.select("Pick a fruit", ["apple", "banana", "cherry", "durian", "medieval quince"]);
      if (!fruit) return pi.ui.notify("cancelled", "warning");
      const sure = await pi.ui.confirm("Really?", `You picked ${fruit}.`);
      const name = await pi.ui.input("And your name?", { placeholder: "anonymous" });
      pi.ui.notify(`${name || "anonymous"} ${sure ? "confirmed" : "declined"} ${fruit}`, sure ? "info" : "warning");
    },
  });
}
