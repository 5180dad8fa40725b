// Local models via Ollama's HTTP API (default http://localhost:11434).
// Discovers installed models at session start. Uses pi.http even for
// localhost — no require("http") or node:net sockets in this extension.
import type { ExtensionAPI } from "@pi/extension-api";

interface OllamaTag { name: string; details?: { parameter_size?: string } }

export default function (pi: ExtensionAPI) {
  const base = "http://localhost:11434";

  pi.on("session_start", async () => {
    let tags: OllamaTag[] = [];
    try {
      const res = await pi.http({ url: `${base}/api/tags`, method: "GET", timeoutMs: 1500 });
      tags = (JSON.parse(res.body) as { models: OllamaTag[] }).models ?? [];
    } catch {
      pi.log("info", "provider-ollama: ollama not running, no models registered");
      return;
    }
    pi.registerProvider("ollama", {
      models: tags.map((t) => ({ id: t.name, contextWindow: 32_768, maxOutput: 8_192 })),
      async *stream(req) {
        const res = await pi.http({
          url: `${base}/api/chat`,
          method: "POST",
          body: JSON.stringify({ model: req.model, messages: req.messages, stream: true }),
          stream: true,
        });
        for await (const line of res.lines()) {
          if (!line.trim()) continue;
          const obj = JSON.parse(line);
          if (obj.message?.content) yield { type: "text", text: obj.message.content };
          if (obj.done) yield { type: "done" };
        }
      },
    });
    pi.ui.setStatus("ollama", `ollama: ${tags.length} models`);
  });
}
