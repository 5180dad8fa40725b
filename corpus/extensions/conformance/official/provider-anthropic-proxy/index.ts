/**
 * Registers a provider that routes Anthropic-compatible requests through a
 * corporate gateway. The API key is supplied by the host's credential store
 * (ctx.auth), never read from process.env in this extension.
 */
import type { ExtensionAPI, ProviderRequest, ProviderStreamEvent } from "@pi/extension-api";

const BASE = "https://llm-gateway.internal.example.com/anthropic/v1";

const MODELS = [
  { id: "claude-sonnet-gw", upstream: "claude-sonnet-4", contextWindow: 200_000, maxOutput: 64_000 },
  { id: "claude-haiku-gw", upstream: "claude-haiku-4", contextWindow: 200_000, maxOutput: 8_192 },
];

export default function (pi: ExtensionAPI) {
  pi.registerProvider("anthropic-gateway", {
    models: MODELS.map(({ id, contextWindow, maxOutput }) => ({ id, contextWindow, maxOutput })),
    async *stream(req: ProviderRequest, ctx): AsyncGenerator<ProviderStreamEvent> {
      const model = MODELS.find((m) => m.id === req.model);
      if (!model) throw new Error(`unknown model ${req.model}`);
      const res = await pi.http({
        url: `${BASE}/messages`,
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-api-key": ctx.auth.apiKey,
          "anthropic-version": "2023-06-01",
        },
        body: JSON.stringify({
          model: model.upstream,
          max_tokens: Math.min(req.maxTokens ?? 4096, model.maxOutput),
          system: req.systemPrompt,
          messages: req.messages,
          stream: true,
        }),
        stream: true,
      });
      for await (const chunk of res.sse()) {
        if (chunk.event === "content_block_delta" && chunk.data.delta?.text) {
          yield { type: "text", text: chunk.data.delta.text };
        } else if (chunk.event === "message_delta" && chunk.data.usage) {
          yield { type: "usage", output: chunk.data.usage.output_tokens };
        }
      }
      yield { type: "done" };
    },
  });
}
