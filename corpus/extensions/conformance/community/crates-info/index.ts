// crate_info tool: crates.io metadata (latest version, downloads, repo).
import type { ExtensionAPI } from "@pi/extension-api";

// e.g. crate_info("vmm-sys-util") or crate_info("netmask") — names are data.
interface CrateResp {
  crate: { name: string; max_stable_version: string; downloads: number; recent_downloads: number; repository?: string; description?: string };
}

export default function (pi: ExtensionAPI) {
  pi.registerTool({
    name: "crate_info",
    description: "Get crates.io info for a Rust crate.",
    parameters: { type: "object", properties: { name: { type: "string" } }, required: ["name"] },
    async execute({ name }: { name: string }) {
      const res = await pi.http({
        url: `https://crates.io/api/v1/crates/${encodeURIComponent(name)}`,
        method: "GET",
        headers: { "user-agent": "pi-crates-info (extension)" },
      });
      if (res.status !== 200) return { content: [{ type: "text", text: `crate ${name}: HTTP ${res.status}` }], isError: true };
      const { crate: c } = JSON.parse(res.body) as CrateResp;
      const k = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : String(n));
      return {
        content: [{ type: "text", text: `${c.name} ${c.max_stable_version} — ${c.description ?? ""}\ndownloads ${k(c.downloads)} (recent ${k(c.recent_downloads)})\n${c.repository ?? ""}` }],
      };
    },
  });
}
