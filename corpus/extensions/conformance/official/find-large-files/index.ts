/**
 * /large-files — lists the biggest files in the working tree so the user can
 * spot accidental binaries before committing.
 */
import type { ExtensionAPI } from "@pi/extension-api";

const units = ["B", "KB", "MB", "GB"];
function human(bytes: number): string {
  let n = bytes;
  let u = 0;
  while (n >= 1024 && u < units.length - 1) {
    n = n / 1024;
    u++;
  }
  return `${n.toFixed(u === 0 ? 0 : 1)} ${units[u]}`;
}

export default function (pi: ExtensionAPI) {
  pi.registerCommand("large-files", {
    description: "List the 15 largest files (excluding .git and node_modules)",
    handler: async (args) => {
      const minKb = Number(args.trim()) || 256;
      const found = await pi.tool("find", { pattern: "**/*", exclude: [".git/**", "node_modules/**"] });
      const sized: { path: string; size: number }[] = [];
      for (const path of (found.paths ?? []).slice(0, 2000)) {
        const st = await pi.tool("ls", { path, stat: true });
        if (st.ok && st.size >= minKb * 1024) sized.push({ path, size: st.size });
      }
      sized.sort((a, b) => b.size - a.size);
      const lines = sized.slice(0, 15).map((f) => `${human(f.size).padStart(9)}  ${f.path}`);
      pi.ui.setWidget("large-files", lines.length ? lines : [`nothing above ${minKb} KB`]);
    },
  });
}
