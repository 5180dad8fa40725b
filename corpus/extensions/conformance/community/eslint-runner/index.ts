/**
 * eslint-runner: lints files the agent edited at the end of each turn and
 * feeds problems back as a follow-up message. Also exposes an `eslint` tool.
 *
 * Parses `eslint -f json`. Rule ids such as "no-eval", "no-new-func" or
 * "no-implied-eval" appear in the *output* and are just strings here.
 */
import type { ExtensionAPI } from "@pi/extension-api";

interface EslintMessage { ruleId: string | null; severity: 1 | 2; message: string; line: number; column: number }
interface EslintFile { filePath: string; messages: EslintMessage[]; errorCount: number; warningCount: number }

const JS_FILE = /\.(c|m)?(j|t)sx?$/;
const SECURITY_RULES = new Set(["no-eval", "no-implied-eval", "no-new-func", "no-script-url"]);

export default function (pi: ExtensionAPI) {
  const edited = new Set<string>();

  async function lint(paths: string[]): Promise<EslintFile[]> {
    const res = await pi.exec("npx", ["--no-install", "eslint", "-f", "json", ...paths], { timeoutMs: 120_000 });
    try {
      return JSON.parse(res.stdout) as EslintFile[];
    } catch {
      pi.log("warn", `eslint-runner: could not parse eslint output (${res.stderr.slice(0, 200)})`);
      return [];
    }
  }

  const render = (files: EslintFile[]) =>
    files
      .flatMap((f) =>
        f.messages.map(
          (m) =>
            `${f.filePath}:${m.line}:${m.column} ${m.severity === 2 ? "error" : "warn"} ${m.message} (${m.ruleId ?? "core"})${
              m.ruleId && SECURITY_RULES.has(m.ruleId) ? " [security]" : ""
            }`,
        ),
      )
      .join("\n");

  pi.on("tool_result", (e) => {
    const p = String(e.input?.path ?? "");
    if ((e.toolName === "edit" || e.toolName === "write") && JS_FILE.test(p)) edited.add(p);
  });

  pi.on("agent_end", async () => {
    if (edited.size === 0) return;
    const files = await lint([...edited]);
    edited.clear();
    const errors = files.reduce((n, f) => n + f.errorCount, 0);
    pi.ui.setStatus("eslint", errors ? `eslint: ${errors} errors` : "eslint: ok");
    if (errors) await pi.session.sendUserMessage(`ESLint found problems in the files you edited:\n${render(files)}`, { deliverAs: "followUp" });
  });

  pi.registerTool({
    name: "eslint",
    description: "Run ESLint on the given files or globs and return the problems.",
    parameters: { type: "object", properties: { paths: { type: "array", items: { type: "string" } } }, required: ["paths"] },
    async execute({ paths }: { paths: string[] }) {
      const files = await lint(paths);
      return { content: [{ type: "text", text: render(files) || "no problems" }] };
    },
  });
}
