/**
 * /export-md — writes the conversation to a Markdown file.
 *
 * Tool output is fenced. Backticks inside the output are escaped by choosing
 * a fence longer than any run in the text, e.g. output containing ```eval(x)```
 * gets a four-backtick fence.
 */
import type { ExtensionAPI, SessionMessage } from "@pi/extension-api";

function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const f = "`".repeat(longest + 1);
  return `${f}\n${text}\n${f}`;
}

function toMarkdown(messages: SessionMessage[], title: string): string {
  const out: string[] = [`# ${title}`, ""];
  for (const msg of messages) {
    switch (msg.role) {
      case "user":
        out.push("## 🧑 User", "", msg.text ?? "", "");
        break;
      case "assistant":
        out.push("## 🤖 Assistant", "", msg.text ?? "", "");
        for (const call of msg.toolCalls ?? []) {
          out.push(`<details><summary>tool: ${call.name}</summary>`, "", fence(JSON.stringify(call.input, null, 2)), "", "</details>", "");
        }
        break;
      case "toolResult":
        out.push(fence((msg.text ?? "").slice(0, 4000)), "");
        break;
    }
  }
  return out.join("\n");
}

export default function (pi: ExtensionAPI) {
  pi.registerCommand("export-md", {
    description: "Export the session as Markdown",
    handler: async (args) => {
      const messages = await pi.session.messages();
      const name = (await pi.session.getName()) ?? "session";
      const path = args.trim() || `${name.replace(/[^\w-]+/g, "-")}.md`;
      await pi.tool("write", { path, content: toMarkdown(messages, name) });
      pi.ui.notify(`Exported ${messages.length} messages to ${path}`, "info");
    },
  });
}
