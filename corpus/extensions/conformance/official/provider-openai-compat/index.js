// Generic OpenAI-compatible provider. Endpoints are configured in
// .pi/openai-compat.json: [{ "name": "together", "baseUrl": "...", "models": [...] }]
// Keys come from ctx.auth (host credential store), never from process.env.OPENAI_API_KEY.
export default function openaiCompat(pi) {
  pi.on("session_start", async () => {
    const cfgFile = await pi.tool("read", { path: ".pi/openai-compat.json" });
    if (!cfgFile.ok) return;
    let endpoints;
    try {
      endpoints = JSON.parse(cfgFile.text);
    } catch (err) {
      pi.log("warn", `openai-compat: bad config: ${err.message}`);
      return;
    }
    for (const ep of endpoints) {
      pi.registerProvider(ep.name, {
        models: ep.models.map((id) => ({ id, contextWindow: ep.contextWindow || 128000, maxOutput: 8192 })),
        async *stream(req, ctx) {
          const res = await pi.http({
            url: `${ep.baseUrl.replace(/\/+$/, "")}/chat/completions`,
            method: "POST",
            headers: { authorization: `Bearer ${ctx.auth.apiKey}`, "content-type": "application/json" },
            body: JSON.stringify({ model: req.model, messages: req.messages, stream: true }),
            stream: true,
          });
          for await (const ev of res.sse()) {
            if (ev.data === "[DONE]") break;
            const delta = JSON.parse(ev.data).choices?.[0]?.delta?.content;
            if (delta) yield { type: "text", text: delta };
          }
          yield { type: "done" };
        },
      });
    }
  });
}
