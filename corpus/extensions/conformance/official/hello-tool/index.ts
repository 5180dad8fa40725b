// Minimal example: registers one tool that greets someone.
// Nothing here touches the host beyond the registration itself.
import type { ExtensionAPI } from "@pi/extension-api";

export default function (pi: ExtensionAPI) {
  pi.registerTool({
    name: "hello",
    description: "Say hello to someone by name",
    parameters: {
      type: "object",
      properties: { name: { type: "string", description: "Who to greet" } },
      required: ["name"],
    },
    async execute(args: { name: string }) {
      const who = args.name.trim() || "world";
      return { content: [{ type: "text", text: `Hello, ${who}!` }] };
    },
  });
}
