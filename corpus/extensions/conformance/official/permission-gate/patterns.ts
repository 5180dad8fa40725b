export interface RiskPattern {
  id: string;
  re: RegExp;
  note: string;
}

// Patterns are matched against shell command text the *agent* wants to run.
export const RISKY: RiskPattern[] = [
  { id: "rm-rf", re: /\brm\s+(-[a-z]*r[a-z]*f|-[a-z]*f[a-z]*r)\b/i, note: "recursive delete" },
  { id: "sudo", re: /(^|\s|;)sudo\s/, note: "privilege escalation" },
  { id: "curl-pipe", re: /curl[^|]*\|\s*(ba)?sh/, note: "pipe download into shell" },
  { id: "node-eval", re: /node\s+(-e|--eval)\b|eval\(/, note: "inline code evaluation" },
  { id: "native", re: /process\.(binding|dlopen)\s*\(/, note: "native bindings" },
  { id: "chmod", re: /chmod\s+(-R\s+)?777/, note: "world-writable" },
  { id: "force-push", re: /git\s+push\s+.*--force/, note: "force push" },
];

export function describe(p: RiskPattern): string {
  return `${p.id} (${p.note})`;
}
