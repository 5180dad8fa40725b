/**
 * dns tool: resolves A/AAAA/MX/TXT/CNAME/NS records using node:dns promises.
 * Useful when debugging deployment or email configuration.
 */
import type { ExtensionAPI } from "@pi/extension-api";
import { promises as dns } from "node:dns";

type RecordType = "A" | "AAAA" | "MX" | "TXT" | "CNAME" | "NS";

async function resolve(host: string, type: RecordType): Promise<string[]> {
  switch (type) {
    case "A":
      return dns.resolve4(host);
    case "AAAA":
      return dns.resolve6(host);
    case "MX":
      return (await dns.resolveMx(host)).sort((a, b) => a.priority - b.priority).map((r) => `${r.priority} ${r.exchange}`);
    case "TXT":
      return (await dns.resolveTxt(host)).map((chunks) => chunks.join(""));
    case "CNAME":
      return dns.resolveCname(host);
    case "NS":
      return dns.resolveNs(host);
  }
}

export default function (pi: ExtensionAPI) {
  pi.registerTool({
    name: "dns",
    description: "Resolve DNS records for a hostname.",
    parameters: {
      type: "object",
      properties: {
        host: { type: "string" },
        types: { type: "array", items: { type: "string", enum: ["A", "AAAA", "MX", "TXT", "CNAME", "NS"] } },
      },
      required: ["host"],
    },
    async execute({ host, types }: { host: string; types?: RecordType[] }) {
      const out: string[] = [];
      for (const t of types ?? (["A", "AAAA", "MX"] as RecordType[])) {
        try {
          const recs = await resolve(host, t);
          out.push(`${t.padEnd(5)} ${recs.join(", ") || "-"}`);
        } catch (e) {
          out.push(`${t.padEnd(5)} (${(e as NodeJS.ErrnoException).code ?? "error"})`);
        }
      }
      return { content: [{ type: "text", text: `${host}\n${out.join("\n")}` }] };
    },
  });
}
