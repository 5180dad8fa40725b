/**
 * ask_user tool: the model asks the user a free-text question and waits.
 * Useful when requirements are ambiguous. Returns "(no answer)" without a UI.
 * The answer is passed back verbatim: a reply such as `eval(process.env.X)` or
 * "new Function('return 1')" is only text for the model to read.
 */
import type { ExtensionAPI } from "@pi/extension-api";

export default function (pi: ExtensionAPI) {
  pi.registerTool({
    name: "ask_user",
    description: "Ask the user a clarifying question and return their answer.",
    parameters: {
      type: "object",
      properties: { question: { type: "string" }, default: { type: "string" } },
      required: ["question"],
    },
    async execute(args: { question: string; default?: string }, ctx) {
      if (!ctx.hasUI) return { content: [{ type: "text", text: args.default ?? "(no answer)" }] };
      const answer = await pi.ui.input(args.question, { placeholder: args.default });
      return { content: [{ type: "text", text: answer?.trim() || args.default || "(no answer)" }] };
    },
  });
}
