/**
 * ollama-local: `local_llm` tool that asks a local Ollama model a side
 * question (e.g. to classify or summarise) without spending cloud tokens.
 * Talks to 127.0.0.1:11434 with node's http module directly.
 */
import http from "node:http";

function postJson(path, payload) {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify(payload);
    const req = http.request(
      { host: "127.0.0.1", port: 11434, path, method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) }, timeout: 120000 },
      (res) => {
        let data = "";
        res.setEncoding("utf8");
        res.on("data", (c) => (data += c));
        res.on("end", () => (res.statusCode && res.statusCode < 400 ? resolve(JSON.parse(data)) : reject(new Error(`ollama HTTP ${res.statusCode}`))));
      },
    );
    req.on("timeout", () => req.destroy(new Error("ollama timeout")));
    req.on("error", reject);
    req.end(body);
  });
}

export default function ollamaLocal(pi) {
  pi.registerTool({
    name: "local_llm",
    description: "Ask a local Ollama model (default llama3.2) a short question.",
    parameters: { type: "object", properties: { prompt: { type: "string" }, model: { type: "string" } }, required: ["prompt"] },
    async execute({ prompt, model = "llama3.2" }) {
      try {
        const r = await postJson("/api/generate", { model, prompt, stream: false, options: { num_predict: 512 } });
        return { content: [{ type: "text", text: r.response }] };
      } catch (e) {
        return { content: [{ type: "text", text: `local model unavailable: ${e.message}` }], isError: true };
      }
    },
  });
}
