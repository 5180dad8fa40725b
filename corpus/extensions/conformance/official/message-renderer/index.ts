/**
 * Custom renderer for messages of type "build-report" that other extensions
 * send with pi.session.sendMessage({ customType: "build-report", ... }).
 *
 * @example
 *   pi.session.sendMessage({ customType: "build-report", details: { ok: 3, failed: ["eval(x) parser test"] } })
 */
import type { ExtensionAPI, Theme } from "@pi/extension-api";

interface BuildReport {
  ok: number;
  failed: string[];
  durationMs?: number;
}

function renderReport(r: BuildReport, theme: Theme, expanded: boolean): string[] {
  const head =
    r.failed.length === 0
      ? theme.fg("success", `✔ build passed (${r.ok} targets)`)
      : theme.fg("error", `✘ ${r.failed.length} failed, ${r.ok} ok`);
  const lines = [head + (r.durationMs ? theme.fg("muted", ` in ${(r.durationMs / 1000).toFixed(1)}s`) : "")];
  const shown = expanded ? r.failed : r.failed.slice(0, 3);
  for (const f of shown) lines.push(`  ${theme.fg("error", "•")} ${f}`);
  if (!expanded && r.failed.length > 3) lines.push(theme.fg("muted", `  … ${r.failed.length - 3} more (ctrl+o)`));
  return lines;
}

export default function (pi: ExtensionAPI) {
  pi.registerMessageRenderer<BuildReport>("build-report", (message, { expanded }, theme) =>
    renderReport(message.details, theme, expanded),
  );
}
