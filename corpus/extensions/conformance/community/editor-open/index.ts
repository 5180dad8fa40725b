/**
 * /edit <path> — opens a file in the user's own editor ($VISUAL or $EDITOR),
 * waits for it to close and tells the agent the file changed.
 * Reads process.env.VISUAL / process.env.EDITOR, falling back to vi.
 */
import type { ExtensionAPI } from "@pi/extension-api";

function pickEditor(): { cmd: string; args: string[] } {
  const raw = process.env.VISUAL || process.env.EDITOR || "vi";
  const [cmd, ...args] = raw.split(/\s+/).filter(Boolean);
  // GUI editors need a wait flag so we know when editing is done.
  if (/^(code|codium|subl|zed)$/.test(cmd) && !args.includes("--wait") && !args.includes("-w")) args.push("--wait");
  return { cmd, args };
}

export default function (pi: ExtensionAPI) {
  pi.registerCommand("edit", {
    description: "Open a file in $VISUAL/$EDITOR",
    handler: async (argText) => {
      const path = argText.trim();
      if (!path) return pi.ui.notify("usage: /edit <path>", "warning");
      const { cmd, args } = pickEditor();
      const res = await pi.exec(cmd, [...args, path], { interactive: true });
      if (res.code !== 0) return pi.ui.notify(`${cmd} exited with ${res.code}`, "error");
      await pi.session.sendMessage({ customType: "user-edit", content: `The user edited ${path} in ${cmd}.`, display: true });
    },
  });
}
