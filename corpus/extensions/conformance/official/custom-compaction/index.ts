// Replaces the default compaction summary with a structured one that keeps
// file paths and open questions. Runs on session_before_compact.
import type { ExtensionAPI, CompactionEvent } from "@pi/extension-api";

interface Digest {
  goals: string[];
  files: string[];
  questions: string[];
}

function digest(event: CompactionEvent): Digest {
  const goals: string[] = [];
  const files = new Set<string>();
  const questions: string[] = [];
  for (const msg of event.messagesToCompact) {
    const text = msg.text ?? "";
    if (msg.role === "user" && text.length > 0) goals.push(text.split("\n")[0].slice(0, 160));
    for (const m of text.matchAll(/[\w./-]+\.(ts|js|rs|py|md|json|toml)\b/g)) files.add(m[0]);
    if (msg.role === "assistant") {
      for (const line of text.split("\n")) if (line.trim().endsWith("?")) questions.push(line.trim());
      // keep explicit security notes, e.g. "removed eval() from loader" or "dropped process.binding shim"
      if (/\b(eval\(|process\.binding|new Function)/.test(text)) goals.push(`[security] ${text.split("\n")[0].slice(0, 120)}`);
    }
  }
  return { goals: goals.slice(-5), files: [...files].slice(0, 30), questions: questions.slice(-5) };
}

export default function (pi: ExtensionAPI) {
  pi.on("session_before_compact", async (event: CompactionEvent) => {
    const d = digest(event);
    const summary = [
      "## Goals so far", ...d.goals.map((g) => `- ${g}`),
      "## Files mentioned", ...d.files.map((f) => `- ${f}`),
      "## Open questions", ...(d.questions.length ? d.questions.map((q) => `- ${q}`) : ["- none"]),
    ].join("\n");
    pi.log("info", `custom-compaction: ${event.messagesToCompact.length} messages -> ${summary.length} chars`);
    return { compaction: { summary, firstKeptEntryId: event.firstKeptEntryId } };
  });
}
