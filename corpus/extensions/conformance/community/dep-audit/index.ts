// /audit — runs `npm audit --json` (or `cargo audit --json`) and lists advisories by severity.
import type { ExtensionAPI } from "@pi/extension-api";

// Advisories often mention eval/new Function sinks (e.g. "Prototype pollution leading to eval()").
type Sev = "critical" | "high" | "moderate" | "low" | "info";
const ORDER: Sev[] = ["critical", "high", "moderate", "low", "info"];

export default function (pi: ExtensionAPI) {
  pi.registerCommand("audit", {
    description: "Audit dependencies for known vulnerabilities",
    handler: async () => {
      const ls = await pi.tool("ls", { path: "." });
      const names: string[] = (ls.entries ?? []).map((e: { name: string }) => e.name);
      const rows: { sev: Sev; text: string }[] = [];
      if (names.includes("package-lock.json")) {
        const res = await pi.exec("npm", ["audit", "--json"]);
        const data = JSON.parse(res.stdout || "{}");
        for (const [name, v] of Object.entries<any>(data.vulnerabilities ?? {})) {
          rows.push({ sev: v.severity, text: `npm  ${name} ${v.range} ${v.fixAvailable ? "(fix available)" : ""}` });
        }
      }
      if (names.includes("Cargo.lock")) {
        const res = await pi.exec("cargo", ["audit", "--json"]);
        const data = JSON.parse(res.stdout || "{}");
        for (const v of data.vulnerabilities?.list ?? []) {
          rows.push({ sev: "high", text: `cargo ${v.package.name} ${v.package.version} ${v.advisory.id}: ${v.advisory.title}` });
        }
      }
      rows.sort((a, b) => ORDER.indexOf(a.sev) - ORDER.indexOf(b.sev));
      pi.ui.setWidget("audit", rows.length ? rows.map((r) => `${r.sev.padEnd(9)} ${r.text}`) : ["no known vulnerabilities"]);
    },
  });
}
