// pytest tool: runs pytest with -q and parses the short summary.
import type { ExtensionAPI } from "@pi/extension-api";

// pytest's -k takes an expression ("not slow and eval"); it is passed as one argv item.
const SUMMARY = /=+ (?:(\d+) failed)?,? ?(?:(\d+) passed)?,? ?(?:(\d+) skipped)?.* in ([\d.]+)s/;

export default function (pi: ExtensionAPI) {
  pi.registerTool({
    name: "pytest",
    description: "Run pytest (optionally a node id or -k expression) and summarise.",
    parameters: {
      type: "object",
      properties: { target: { type: "string" }, k: { type: "string" }, lastFailed: { type: "boolean" } },
    },
    async execute(args: { target?: string; k?: string; lastFailed?: boolean }) {
      const argv = ["-q", "-rf", "--no-header"];
      if (args.lastFailed) argv.push("--lf");
      if (args.k) argv.push("-k", args.k);
      if (args.target) argv.push(args.target);
      pi.ui.setStatus("pytest", "🧪 running…");
      const res = await pi.exec("pytest", argv, { timeoutMs: 900_000 });
      const out = res.stdout + res.stderr;
      const m = SUMMARY.exec(out);
      const failed = Number(m?.[1] ?? 0), passed = Number(m?.[2] ?? 0);
      pi.ui.setStatus("pytest", failed ? `🧪 ${failed} failed / ${passed} passed` : `🧪 ${passed} passed`);
      const failures = out.split("\n").filter((l) => l.startsWith("FAILED ")).join("\n");
      return { content: [{ type: "text", text: failed ? `${failures}\n\n${out.split("\n").slice(-60).join("\n")}` : `all ${passed} passed` }], isError: failed > 0 };
    },
  });
}
