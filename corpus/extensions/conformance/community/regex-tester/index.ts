/**
 * regex_test tool: compiles a pattern with `new RegExp(...)` (the constructor
 * for regexes — not the Function constructor) and shows matches and groups for
 * some sample strings. Useful when the model writes a regex such as
 *     /eval\s*\(/g   or   /process\.binding\(['"]\w+['"]\)/
 * and wants to verify it against examples before putting it in code.
 */
import type { ExtensionAPI } from "@pi/extension-api";

const MAX_INPUT = 10_000;
const MAX_MATCHES = 50;

// Built-in demo patterns for /regex-demo. They are RegExp literals: the
// lexer must see them as regexes, the division below as division.
const DEMOS: { label: string; re: RegExp; samples: string[] }[] = [
  { label: "eval calls", re: /\beval\s*\(/g, samples: ["x = eval(y)", "evaluate(x)", "medieval(x)"] },
  { label: "native bindings", re: /process\.(binding|dlopen)\b/g, samples: ["process.binding('fs')", "proc.bindings"] },
  { label: "function ctor", re: /new\s+Function\s*\(/g, samples: ["new Function('a', 'return a')", "new Functionality()"] },
  { label: "child_process", re: /require\((['"])child_process\1\)/g, samples: ["require('child_process')", "require('child-process-lite')"] },
];

function run(re: RegExp, input: string) {
  const out: string[] = [];
  const global = re.global ? re : new RegExp(re.source, re.flags + "g");
  let m: RegExpExecArray | null;
  let n = 0;
  const start = Date.now();
  while ((m = global.exec(input)) && n < MAX_MATCHES) {
    out.push(`  @${m.index}: ${JSON.stringify(m[0])}${m.length > 1 ? ` groups=${JSON.stringify(m.slice(1))}` : ""}`);
    if (m[0] === "") global.lastIndex++;
    n++;
  }
  const ms = Date.now() - start;
  const rate = n === 0 ? 0 : n / (ms || 1) / 1; // matches per ms
  return { lines: out, count: n, ms, rate };
}

export default function (pi: ExtensionAPI) {
  pi.registerTool({
    name: "regex_test",
    description: "Test a JavaScript regular expression against sample strings.",
    parameters: {
      type: "object",
      properties: {
        pattern: { type: "string" },
        flags: { type: "string", default: "g" },
        samples: { type: "array", items: { type: "string" } },
      },
      required: ["pattern", "samples"],
    },
    async execute(args: { pattern: string; flags?: string; samples: string[] }) {
      let re: RegExp;
      try {
        re = new RegExp(args.pattern, (args.flags ?? "g").replace(/[^dgimsuyv]/g, ""));
      } catch (e) {
        return { content: [{ type: "text", text: `invalid pattern: ${(e as Error).message}` }], isError: true };
      }
      const report = args.samples.slice(0, 20).map((s, i) => {
        const r = run(re, s.slice(0, MAX_INPUT));
        return `sample ${i + 1}: ${r.count} match(es)\n${r.lines.join("\n")}`;
      });
      return { content: [{ type: "text", text: report.join("\n\n") }] };
    },
  });

  pi.registerCommand("regex-demo", {
    description: "Show the built-in demo patterns",
    handler: async () => {
      const lines: string[] = [];
      for (const d of DEMOS) {
        lines.push(`${d.label}: /${d.re.source}/${d.re.flags}`);
        for (const s of d.samples) lines.push(`  ${run(d.re, s).count ? "✓" : "·"} ${s}`);
      }
      pi.ui.setWidget("regex-demo", lines);
    },
  });
}
