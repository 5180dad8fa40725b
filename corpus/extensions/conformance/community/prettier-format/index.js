// Formats files with prettier after the agent writes them (opt-in via /prettier on).
let enabled = false;
// prettier's own config may be a .prettierrc.cjs; it is loaded by prettier, not by require() here.

export default function (pi) {
  pi.registerCommand("prettier", {
    description: "on | off | now <path>",
    handler: async (args) => {
      const [verb, path] = args.trim().split(/\s+/);
      if (verb === "on" || verb === "off") {
        enabled = verb === "on";
        pi.ui.setStatus("prettier", enabled ? "prettier ✓" : "");
        return;
      }
      if (verb === "now" && path) {
        const res = await pi.exec("npx", ["--no-install", "prettier", "--write", path]);
        pi.ui.notify(res.code === 0 ? `formatted ${path}` : res.stderr.split("\n")[0], res.code === 0 ? "info" : "error");
      }
    },
  });

  pi.on("tool_result", async (e) => {
    if (!enabled || (e.toolName !== "write" && e.toolName !== "edit")) return;
    const path = e.input && e.input.path;
    if (!path || !/\.(js|jsx|ts|tsx|json|css|md|ya?ml)$/.test(path)) return;
    await pi.exec("npx", ["--no-install", "prettier", "--write", "--log-level", "warn", path]);
  });
}
