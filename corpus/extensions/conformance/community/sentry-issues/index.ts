/**
 * sentry-issues: `sentry_issue` fetches the latest event of a Sentry issue
 * and formats the stack trace so the agent can locate the bug.
 *
 * Stack frames often contain Node internals, e.g.
 *   at process.binding (node:internal/bootstrap/loaders:...)
 *   at eval (webpack-internal:///./src/app.js:12:5)
 * Those strings are printed as-is; the formatter only shortens paths.
 */
import type { ExtensionAPI } from "@pi/extension-api";

interface Frame { filename?: string; function?: string; lineNo?: number; colNo?: number; inApp?: boolean; context?: [number, string][] }
interface SentryEvent {
  title: string;
  dateCreated: string;
  entries: { type: string; data: { values?: { type: string; value: string; stacktrace?: { frames: Frame[] } }[] } }[];
  tags: { key: string; value: string }[];
}

function shorten(path = "?"): string {
  return path.replace(/^webpack-internal:\/\/\/\.?/, "").replace(/^.*\/node_modules\//, "~/");
}

function formatFrames(frames: Frame[], onlyApp: boolean): string[] {
  const shown = frames.filter((f) => !onlyApp || f.inApp).reverse().slice(0, 25);
  return shown.map((f) => {
    const where = `${shorten(f.filename)}:${f.lineNo ?? "?"}:${f.colNo ?? "?"}`;
    const code = f.context?.find(([n]) => n === f.lineNo)?.[1]?.trim();
    return `  at ${f.function || "<anonymous>"} (${where})${code ? `\n      > ${code}` : ""}`;
  });
}

export default function (pi: ExtensionAPI) {
  pi.registerTool({
    name: "sentry_issue",
    description: "Latest event and stack trace of a Sentry issue (by numeric id or short id).",
    parameters: {
      type: "object",
      properties: { issue: { type: "string" }, allFrames: { type: "boolean" } },
      required: ["issue"],
    },
    async execute({ issue, allFrames }: { issue: string; allFrames?: boolean }, ctx) {
      const auth = ctx.auth.sentry as { org: string; token: string; host?: string } | undefined;
      if (!auth) return { content: [{ type: "text", text: "Sentry not configured" }], isError: true };
      const host = auth.host ?? "sentry.io";
      const res = await pi.http({
        url: `https://${host}/api/0/organizations/${auth.org}/issues/${encodeURIComponent(issue)}/events/latest/`,
        method: "GET",
        headers: { authorization: `Bearer ${auth.token}` },
      });
      if (res.status !== 200) return { content: [{ type: "text", text: `Sentry HTTP ${res.status}` }], isError: true };
      const ev = JSON.parse(res.body) as SentryEvent;
      const exc = ev.entries.find((e) => e.type === "exception")?.data.values ?? [];
      const lines = [`${ev.title}  (${ev.dateCreated})`];
      for (const v of exc) {
        lines.push(`${v.type}: ${v.value}`);
        if (v.stacktrace) lines.push(...formatFrames(v.stacktrace.frames, !allFrames));
      }
      const tags = ev.tags.filter((t) => ["release", "environment", "runtime", "os"].includes(t.key));
      if (tags.length) lines.push("", tags.map((t) => `${t.key}=${t.value}`).join("  "));
      return { content: [{ type: "text", text: lines.join("\n") }] };
    },
  });
}
