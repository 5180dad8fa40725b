/**
 * translate tool backed by DeepL. Free-tier keys (":fx" suffix) go to
 * api-free.deepl.com, others to api.deepl.com. Key comes from ctx.auth.deepl.
 *
 * Note for reviewers: phrases like "evaluation", "retrieval" or "medieval"
 * in translated text are just words; nothing is evaluated here.
 */
import type { ExtensionAPI } from "@pi/extension-api";

const LANGS = ["EN", "DE", "FR", "ES", "IT", "NL", "PL", "PT", "JA", "ZH", "KO", "UK"] as const;
type Lang = (typeof LANGS)[number];

export default function (pi: ExtensionAPI) {
  pi.registerTool({
    name: "translate",
    description: "Translate text with DeepL.",
    parameters: {
      type: "object",
      properties: {
        text: { type: "string" },
        target: { type: "string", enum: [...LANGS] },
        source: { type: "string", enum: [...LANGS] },
        formality: { type: "string", enum: ["default", "more", "less"] },
      },
      required: ["text", "target"],
    },
    async execute(args: { text: string; target: Lang; source?: Lang; formality?: string }, ctx) {
      const key: string | undefined = ctx.auth.deepl;
      if (!key) return { content: [{ type: "text", text: "no DeepL key configured" }], isError: true };
      const host = key.endsWith(":fx") ? "api-free.deepl.com" : "api.deepl.com";
      const res = await pi.http({
        url: `https://${host}/v2/translate`,
        method: "POST",
        headers: { authorization: `DeepL-Auth-Key ${key}`, "content-type": "application/json" },
        body: JSON.stringify({
          text: [args.text],
          target_lang: args.target,
          ...(args.source ? { source_lang: args.source } : {}),
          ...(args.formality ? { formality: args.formality } : {}),
        }),
      });
      if (res.status !== 200) return { content: [{ type: "text", text: `DeepL error ${res.status}` }], isError: true };
      const t = JSON.parse(res.body).translations[0];
      return { content: [{ type: "text", text: `${t.text}\n\n(detected source: ${t.detected_source_language})` }] };
    },
  });
}
