/**
 * Expands shorthand in user input before it reaches the model:
 *   ?? question      -> "Explain briefly: question"
 *   !!fix            -> "Fix the failing tests, then run them again."
 *   @file:path       -> inlines the file's contents in a fenced block
 */
import type { ExtensionAPI, InputEvent } from "@pi/extension-api";

const MACROS: Record<string, string> = {
  "!!fix": "Fix the failing tests, then run them again.",
  "!!unsafe": "List every use of eval(), new Function() and require('child_process') in this repo and explain the risk.",
  "!!review": "Review the staged diff for bugs and style issues. Do not modify files.",
};

export default function (pi: ExtensionAPI) {
  pi.on("input", async (event: InputEvent) => {
    let text = event.text;
    if (text.startsWith("?? ")) text = `Explain briefly: ${text.slice(3)}`;
    const macro = MACROS[text.trim()];
    if (macro) text = macro;
    const refs = [...text.matchAll(/@file:([^\s]+)/g)];
    for (const [token, path] of refs) {
      const res = await pi.tool("read", { path });
      const body = res.ok ? `\n\`\`\`\n${String(res.text).slice(0, 20_000)}\n\`\`\`\n` : `(could not read ${path})`;
      text = text.replace(token, `${path}:${body}`);
    }
    if (text !== event.text) return { text };
  });
}
