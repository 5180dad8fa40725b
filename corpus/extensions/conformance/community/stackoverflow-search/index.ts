/**
 * so_search tool: searches Stack Overflow via the Stack Exchange API and
 * returns top answered questions. Query text like "why is eval() evil" or
 * "process.binding deprecated" is URL-encoded and sent as data.
 */
import type { ExtensionAPI } from "@pi/extension-api";

interface Item { title: string; link: string; score: number; is_answered: boolean; answer_count: number; tags: string[] }

const decode = (s: string) =>
  s.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">");

export default function (pi: ExtensionAPI) {
  pi.registerTool({
    name: "so_search",
    description: "Search Stack Overflow questions (answered first).",
    parameters: {
      type: "object",
      properties: { query: { type: "string" }, tagged: { type: "string" }, limit: { type: "number" } },
      required: ["query"],
    },
    async execute(args: { query: string; tagged?: string; limit?: number }) {
      const params = new URLSearchParams({
        order: "desc",
        sort: "relevance",
        site: "stackoverflow",
        q: args.query,
        pagesize: String(Math.min(args.limit ?? 8, 20)),
        ...(args.tagged ? { tagged: args.tagged } : {}),
      });
      const res = await pi.http({ url: `https://api.stackexchange.com/2.3/search/advanced?${params}`, method: "GET" });
      const items: Item[] = JSON.parse(res.body).items ?? [];
      items.sort((a, b) => Number(b.is_answered) - Number(a.is_answered) || b.score - a.score);
      const text = items.map((i) => `[${i.score}] ${decode(i.title)} (${i.answer_count} answers) ${i.link}`).join("\n");
      return { content: [{ type: "text", text: text || "no results" }] };
    },
  });
}
