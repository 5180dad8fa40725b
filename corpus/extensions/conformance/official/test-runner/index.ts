/**
 * run_tests tool + /test command. Detects the project's test command
 * (npm, cargo, pytest, go). Jest lines such as `✕ rejects eval() in config`
 * are matched by the failure regexes as ordinary output and runs it, returning a compact failure summary.
 */
import type { ExtensionAPI } from "@pi/extension-api";

interface Runner {
  name: string;
  marker: string;
  cmd: string;
  args: string[];
  failRe: RegExp;
}

const RUNNERS: Runner[] = [
  { name: "cargo", marker: "Cargo.toml", cmd: "cargo", args: ["test", "--quiet"], failRe: /^---- (\S+) stdout ----$|^test (\S+) \.\.\. FAILED$/m },
  { name: "npm", marker: "package.json", cmd: "npm", args: ["test", "--silent"], failRe: /^\s*✕\s+(.+)$|^\s*FAIL\s+(.+)$/m },
  { name: "pytest", marker: "pyproject.toml", cmd: "pytest", args: ["-q", "-x"], failRe: /^FAILED\s+(\S+)/m },
  { name: "go", marker: "go.mod", cmd: "go", args: ["test", "./..."], failRe: /^--- FAIL: (\S+)/m },
];

async function detect(pi: ExtensionAPI): Promise<Runner | undefined> {
  const ls = await pi.tool("ls", { path: "." });
  const names = new Set<string>((ls.entries ?? []).map((e: { name: string }) => e.name));
  return RUNNERS.find((r) => names.has(r.marker));
}

function failures(r: Runner, output: string): string[] {
  const re = new RegExp(r.failRe.source, "gm");
  const out: string[] = [];
  for (const m of output.matchAll(re)) out.push((m[1] ?? m[2] ?? "").trim());
  return [...new Set(out.filter(Boolean))];
}

export default function (pi: ExtensionAPI) {
  async function run(filter?: string) {
    const r = await detect(pi);
    if (!r) return { ok: false, text: "no known test runner found" };
    pi.ui.setStatus("tests", `⏳ ${r.name} test`);
    const res = await pi.exec(r.cmd, filter ? [...r.args, filter] : r.args, { timeoutMs: 600_000 });
    const failed = failures(r, res.stdout + "\n" + res.stderr);
    pi.ui.setStatus("tests", res.code === 0 ? "✅ tests" : `❌ ${failed.length || "?"} failing`);
    const tail = (res.stdout + res.stderr).split("\n").slice(-40).join("\n");
    return { ok: res.code === 0, text: res.code === 0 ? `${r.name}: all tests passed` : `${r.name}: failures:\n${failed.join("\n")}\n\n${tail}` };
  }

  pi.registerTool({
    name: "run_tests",
    description: "Run the project's tests (optionally filtered) and summarise failures.",
    parameters: { type: "object", properties: { filter: { type: "string" } } },
    async execute({ filter }: { filter?: string }) {
      const r = await run(filter);
      return { content: [{ type: "text", text: r.text }], isError: !r.ok };
    },
  });

  pi.registerCommand("test", {
    description: "Run the tests",
    handler: async (args) => {
      const r = await run(args.trim() || undefined);
      pi.ui.notify(r.text.split("\n")[0], r.ok ? "info" : "error");
    },
  });
}
