// Blocks write/edit tool calls that target protected files such as .env,
// .git/ internals or lock files. Pure policy: no host calls except logging.

const PROTECTED = [
  /(^|\/)\.env(\..*)?$/,
  /(^|\/)\.git\//,
  /(^|\/)node_modules\//,
  /(^|\/)(package-lock\.json|pnpm-lock\.yaml|Cargo\.lock)$/,
];

/** @param {import("@pi/extension-api").ExtensionAPI} pi */
export default function protectedPaths(pi) {
  pi.on("tool_call", async (event) => {
    if (event.toolName !== "write" && event.toolName !== "edit") return undefined;
    const path = String(event.input.path || "");
    const rule = PROTECTED.find((re) => re.test(path));
    if (!rule) return undefined;
    pi.log("warn", `protected-paths: refused ${event.toolName} on ${path}`);
    pi.ui.notify(`Blocked ${event.toolName} to protected path ${path}`, "warning");
    return { block: true, reason: `Path ${path} is protected (${rule.source})` };
  });
}
