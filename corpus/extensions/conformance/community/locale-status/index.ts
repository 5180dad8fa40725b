// Shows the user's locale (from the os-locale package) and offers it to the
// model so dates and numbers are formatted the way the user expects.
import type { ExtensionAPI } from "@pi/extension-api";
import { osLocale } from "os-locale";

export default function (pi: ExtensionAPI) {
  let locale = "en-US";
  pi.on("session_start", async () => {
    locale = (await osLocale()) || "en-US";
    const sample = new Intl.NumberFormat(locale).format(1234567.89);
    pi.ui.setStatus("locale", `${locale} ${sample}`);
  });
  pi.on("before_agent_start", (e) => ({
    systemPrompt: `${e.systemPrompt}\n\nThe user's locale is ${locale}; format dates and numbers accordingly in prose.`,
  }));
}
