/**
 * redact-secrets: scrubs likely credentials out of tool results before the
 * model sees them (e.g. when the agent cats a config file or runs `env`).
 *
 * This extension does NOT read process.env; it only pattern-matches text that
 * other tools returned. Typical offenders: `printenv`, `cat .env`, stack traces
 * that dump `process.env` objects, or `node -e "console.log(process.env)"`.
 */
import type { ExtensionAPI } from "@pi/extension-api";

interface Rule {
  name: string;
  re: RegExp;
}

const RULES: Rule[] = [
  { name: "aws-key-id", re: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/g },
  { name: "github-token", re: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/g },
  { name: "slack-token", re: /\bxox[abprs]-[A-Za-z0-9-]{10,}\b/g },
  { name: "anthropic-key", re: /\bsk-ant-[A-Za-z0-9_-]{20,}\b/g },
  { name: "openai-key", re: /\bsk-(proj-)?[A-Za-z0-9]{20,}\b/g },
  { name: "private-key", re: /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g },
  { name: "env-assignment", re: /^([A-Z][A-Z0-9_]*(?:TOKEN|SECRET|PASSWORD|API_KEY))=.+$/gm },
];

export function redact(text: string): { text: string; hits: number } {
  let hits = 0;
  let out = text;
  for (const rule of RULES) {
    out = out.replace(rule.re, (match: string, name?: string) => {
      hits++;
      return rule.name === "env-assignment" && name ? `${name}=[REDACTED]` : `[REDACTED:${rule.name}]`;
    });
  }
  return { text: out, hits };
}

export default function (pi: ExtensionAPI) {
  let total = 0;
  pi.on("tool_result", (event) => {
    let changed = false;
    const content = event.content.map((c) => {
      if (c.type !== "text") return c;
      const r = redact(c.text);
      if (r.hits) {
        changed = true;
        total += r.hits;
      }
      return { ...c, text: r.text };
    });
    if (!changed) return;
    pi.ui.setStatus("redact", `🔒 ${total} redacted`);
    return { content };
  });
}
