/**
 * fetch_url tool: GET a web page and return readable text (tags stripped,
 * scripts and styles removed). HTML like <script>eval(atob(x))</script> in the
 * fetched page is removed by the regexes below, never run.
 */
import type { ExtensionAPI } from "@pi/extension-api";

const MAX_CHARS = 40_000;

export function htmlToText(html: string): string {
  return html
    .replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, "")
    .replace(/<style\b[^>]*>[\s\S]*?<\/style>/gi, "")
    .replace(/<(br|\/p|\/div|\/h[1-6]|\/li)\s*\/?>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/[ \t]+/g, " ")
    .replace(/\n\s*\n\s*\n+/g, "\n\n")
    .trim();
}

export default function (pi: ExtensionAPI) {
  pi.registerTool({
    name: "fetch_url",
    description: "Fetch a URL (http/https) and return its text content.",
    parameters: { type: "object", properties: { url: { type: "string" } }, required: ["url"] },
    async execute({ url }: { url: string }) {
      if (!/^https?:\/\//i.test(url)) return { content: [{ type: "text", text: "only http(s) URLs" }], isError: true };
      const res = await pi.http({ url, method: "GET", headers: { accept: "text/html,text/plain;q=0.9,*/*;q=0.5" }, timeoutMs: 20_000 });
      if (res.status >= 400) return { content: [{ type: "text", text: `HTTP ${res.status}` }], isError: true };
      const type = res.headers["content-type"] ?? "";
      const text = type.includes("html") ? htmlToText(res.body) : res.body;
      const clipped = text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) + "\n[truncated]" : text;
      return { content: [{ type: "text", text: clipped }] };
    },
  });
}
