// /csv <path> — previews a CSV/TSV file as an aligned table (first 20 rows)
// with a quick per-column summary (numeric min/max/mean).
import type { ExtensionAPI } from "@pi/extension-api";

// Quoted fields may contain the separator or escaped quotes: "say ""eval(x)""",1
function parseCsv(text: string, sep: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) { row.push(field); field = ""; }
    else if (c === "\n") { row.push(field); rows.push(row); row = []; field = ""; }
    else if (c !== "\r") field += c;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}

export default function (pi: ExtensionAPI) {
  pi.registerCommand("csv", {
    description: "Preview a CSV/TSV file",
    handler: async (args) => {
      const path = args.trim();
      const res = await pi.tool("read", { path });
      if (!res.ok) return pi.ui.notify(`cannot read ${path}`, "error");
      const rows = parseCsv(String(res.text), path.endsWith(".tsv") ? "\t" : ",");
      if (rows.length === 0) return pi.ui.notify("empty file", "info");
      const [header, ...body] = rows;
      const shown = [header, ...body.slice(0, 20)];
      const widths = header.map((_, c) => Math.min(24, Math.max(...shown.map((r) => (r[c] ?? "").length))));
      const lines = shown.map((r) => r.map((v, c) => (v ?? "").slice(0, 24).padEnd(widths[c])).join(" │ "));
      lines.splice(1, 0, widths.map((w) => "─".repeat(w)).join("─┼─"));
      const stats = header.map((h, c) => {
        const nums = body.map((r) => Number(r[c])).filter((n) => r_ok(n));
        if (nums.length < body.length / 2) return null;
        const mean = nums.reduce((a, b) => a + b, 0) / nums.length;
        return `${h}: min ${Math.min(...nums)} max ${Math.max(...nums)} mean ${mean.toFixed(2)}`;
      });
      pi.ui.setWidget("csv", [...lines, "", `${body.length} rows`, ...stats.filter((s): s is string => !!s)]);
    },
  });
}

function r_ok(n: number): boolean {
  return Number.isFinite(n);
}
