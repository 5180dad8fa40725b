/**
 * proxy-fetch: `http_get` tool for corporate networks where the host's
 * fetch can't reach the internet directly. Honours HTTPS_PROXY / NO_PROXY
 * from process.env and uses node:https with an HttpsProxyAgent.
 */
import type { ExtensionAPI } from "@pi/extension-api";
import https from "node:https";
import { HttpsProxyAgent } from "https-proxy-agent";

function proxyFor(url: URL): string | undefined {
  const proxy = process.env.HTTPS_PROXY || process.env.https_proxy;
  if (!proxy) return undefined;
  const noProxy = (process.env.NO_PROXY || process.env.no_proxy || "")
    .split(",")
    .map((s) => s.trim().replace(/^\*?\./, ""))
    .filter(Boolean);
  const host = url.hostname;
  if (noProxy.some((d) => d === "*" || host === d || host.endsWith(`.${d}`))) return undefined;
  return proxy;
}

function get(url: URL, maxBytes: number): Promise<{ status: number; type: string; body: string }> {
  const proxy = proxyFor(url);
  return new Promise((resolve, reject) => {
    const req = https.get(url, { agent: proxy ? new HttpsProxyAgent(proxy) : undefined, timeout: 20_000 }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (c: Buffer) => {
        size += c.length;
        if (size <= maxBytes) chunks.push(c);
      });
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"] ?? ""), body: Buffer.concat(chunks).toString("utf8") }),
      );
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
  });
}

export default function (pi: ExtensionAPI) {
  pi.registerTool({
    name: "http_get",
    description: "GET an https URL through the corporate proxy (honours NO_PROXY).",
    parameters: { type: "object", properties: { url: { type: "string" } }, required: ["url"] },
    async execute({ url }: { url: string }) {
      let u: URL;
      try {
        u = new URL(url);
      } catch {
        return { content: [{ type: "text", text: "invalid URL" }], isError: true };
      }
      if (u.protocol !== "https:") return { content: [{ type: "text", text: "https only" }], isError: true };
      const r = await get(u, 512 * 1024);
      pi.log("debug", `proxy-fetch: ${u.hostname} -> ${r.status}${proxyFor(u) ? " (via proxy)" : ""}`);
      return { content: [{ type: "text", text: `HTTP ${r.status} ${r.type}\n\n${r.body.slice(0, 40_000)}` }], isError: r.status >= 400 };
    },
  });
}
