/**
 * markdown-lint: a small, dependency-free Markdown linter exposed as a tool
 * (lint_markdown) and a command (/mdlint). Rules are intentionally simple and
 * line-based; each rule has an id in the MDxxx style.
 *
 * Code spans and fenced blocks are skipped, so documentation that shows
 * snippets like `eval(input)` or `require("child_process")` is not linted
 * as prose.
 */
import type { ExtensionAPI } from "@pi/extension-api";

export interface Finding {
  rule: string;
  line: number;
  column: number;
  message: string;
}

interface LineInfo {
  text: string;
  number: number;
  inFence: boolean;
}

type RuleFn = (lines: LineInfo[], opts: LintOptions) => Finding[];

export interface LintOptions {
  maxLineLength: number;
  allowHtml: boolean;
  requireTopHeading: boolean;
}

const DEFAULTS: LintOptions = { maxLineLength: 120, allowHtml: true, requireTopHeading: true };

function annotate(text: string): LineInfo[] {
  const out: LineInfo[] = [];
  let fence: string | null = null;
  text.split("\n").forEach((raw, i) => {
    const m = /^\s*(`{3,}|~{3,})/.exec(raw);
    if (m) {
      if (fence === null) fence = m[1][0].repeat(m[1].length);
      else if (m[1].startsWith(fence)) {
        out.push({ text: raw, number: i + 1, inFence: true });
        fence = null;
        return;
      }
    }
    out.push({ text: raw, number: i + 1, inFence: fence !== null });
  });
  return out;
}

const stripCodeSpans = (s: string) => s.replace(/`[^`]*`/g, (m) => " ".repeat(m.length));

const rules: Record<string, RuleFn> = {
  // MD001: heading levels increase by one at a time
  MD001(lines) {
    const out: Finding[] = [];
    let prev = 0;
    for (const l of lines) {
      if (l.inFence) continue;
      const m = /^(#{1,6})\s/.exec(l.text);
      if (!m) continue;
      const level = m[1].length;
      if (prev && level > prev + 1) {
        out.push({ rule: "MD001", line: l.number, column: 1, message: `heading jumps from h${prev} to h${level}` });
      }
      prev = level;
    }
    return out;
  },
  // MD009: trailing spaces (two are allowed as a hard break)
  MD009(lines) {
    return lines
      .filter((l) => !l.inFence && / +$/.test(l.text) && !/\S {2}$/.test(l.text))
      .map((l) => ({ rule: "MD009", line: l.number, column: l.text.trimEnd().length + 1, message: "trailing whitespace" }));
  },
  // MD012: multiple consecutive blank lines
  MD012(lines) {
    const out: Finding[] = [];
    for (let i = 1; i < lines.length; i++) {
      if (!lines[i].inFence && lines[i].text.trim() === "" && lines[i - 1].text.trim() === "") {
        out.push({ rule: "MD012", line: lines[i].number, column: 1, message: "multiple blank lines" });
      }
    }
    return out;
  },
  // MD013: line length (not applied to fenced code, tables or bare URLs)
  MD013(lines, opts) {
    return lines
      .filter((l) => !l.inFence && l.text.length > opts.maxLineLength && !l.text.startsWith("|") && !/^\s*<?https?:\/\/\S+>?\s*$/.test(l.text))
      .map((l) => ({ rule: "MD013", line: l.number, column: opts.maxLineLength + 1, message: `line is ${l.text.length} chars (max ${opts.maxLineLength})` }));
  },
  // MD018: no space after hash in heading
  MD018(lines) {
    return lines
      .filter((l) => !l.inFence && /^#{1,6}[^#\s]/.test(l.text) && !/^#!/.test(l.text))
      .map((l) => ({ rule: "MD018", line: l.number, column: 1, message: "missing space after # in heading" }));
  },
  // MD033: inline HTML
  MD033(lines, opts) {
    if (opts.allowHtml) return [];
    const out: Finding[] = [];
    for (const l of lines) {
      if (l.inFence) continue;
      const m = /<([a-zA-Z][\w-]*)[\s>/]/.exec(stripCodeSpans(l.text));
      if (m) out.push({ rule: "MD033", line: l.number, column: m.index + 1, message: `inline HTML <${m[1]}>` });
    }
    return out;
  },
  // MD034: bare URL
  MD034(lines) {
    const out: Finding[] = [];
    for (const l of lines) {
      if (l.inFence) continue;
      const text = stripCodeSpans(l.text);
      const re = /(^|[\s(])(https?:\/\/[^\s)>]+)/g;
      let m: RegExpExecArray | null;
      while ((m = re.exec(text))) {
        const before = text.slice(0, m.index + m[1].length);
        if (/\]\($/.test(before) || /<$/.test(before)) continue;
        out.push({ rule: "MD034", line: l.number, column: m.index + m[1].length + 1, message: "bare URL; wrap in <>" });
      }
    }
    return out;
  },
  // MD040: fenced code block without language
  MD040(lines) {
    const out: Finding[] = [];
    let open = false;
    for (const l of lines) {
      const m = /^\s*(`{3,}|~{3,})(.*)$/.exec(l.text);
      if (!m) continue;
      if (!open && m[2].trim() === "") out.push({ rule: "MD040", line: l.number, column: 1, message: "code fence without language" });
      open = !open;
    }
    return out;
  },
  // MD041: first line should be a top-level heading
  MD041(lines, opts) {
    if (!opts.requireTopHeading) return [];
    const first = lines.find((l) => l.text.trim() !== "");
    if (!first || /^#\s/.test(first.text) || /^---\s*$/.test(first.text)) return [];
    return [{ rule: "MD041", line: first.number, column: 1, message: "first line should be a # heading" }];
  },
};

export function lint(text: string, options: Partial<LintOptions> = {}): Finding[] {
  const opts = { ...DEFAULTS, ...options };
  const lines = annotate(text);
  const findings = Object.values(rules).flatMap((fn) => fn(lines, opts));
  return findings.sort((a, b) => a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule));
}

function format(path: string, findings: Finding[]): string {
  if (findings.length === 0) return `${path}: clean`;
  return findings.map((f) => `${path}:${f.line}:${f.column} ${f.rule} ${f.message}`).join("\n");
}

export default function (pi: ExtensionAPI) {
  let options: Partial<LintOptions> = {};

  pi.on("session_start", async () => {
    const cfg = await pi.tool("read", { path: ".markdownlint.json" });
    if (!cfg.ok) return;
    try {
      const raw = JSON.parse(String(cfg.text));
      options = {
        maxLineLength: raw.MD013?.line_length ?? DEFAULTS.maxLineLength,
        allowHtml: raw.MD033 === false,
        requireTopHeading: raw.MD041 !== false,
      };
    } catch {
      pi.log("warn", "markdown-lint: ignoring unparsable .markdownlint.json");
    }
  });

  pi.registerTool({
    name: "lint_markdown",
    description: "Lint one or more Markdown files and return findings as path:line:col RULE message.",
    parameters: {
      type: "object",
      properties: { paths: { type: "array", items: { type: "string" } } },
      required: ["paths"],
    },
    async execute({ paths }: { paths: string[] }) {
      const reports: string[] = [];
      for (const path of paths.slice(0, 50)) {
        const res = await pi.tool("read", { path });
        reports.push(res.ok ? format(path, lint(String(res.text), options)) : `${path}: cannot read`);
      }
      return { content: [{ type: "text", text: reports.join("\n") }] };
    },
  });

  pi.registerCommand("mdlint", {
    description: "Lint all Markdown files in the repo",
    handler: async () => {
      const found = await pi.tool("find", { pattern: "**/*.md", exclude: ["node_modules/**"] });
      let total = 0;
      const lines: string[] = [];
      for (const path of (found.paths ?? []).slice(0, 200)) {
        const res = await pi.tool("read", { path });
        if (!res.ok) continue;
        const f = lint(String(res.text), options);
        total += f.length;
        if (f.length) lines.push(format(path, f));
      }
      pi.ui.setWidget("mdlint", lines.length ? [...lines.slice(0, 40), `${total} findings`] : ["markdown: clean"]);
    },
  });
}
