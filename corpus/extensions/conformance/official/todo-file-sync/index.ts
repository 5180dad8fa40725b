/**
 * Mirrors checkbox items from TODO.md into the status line and ticks them off
 * when the agent reports "done: <item>" in its reply.
 */
import type { ExtensionAPI } from "@pi/extension-api";

const FILE = "TODO.md";
const ITEM = /^(\s*[-*]\s+\[)( |x)(\]\s+)(.+)$/;

export default function (pi: ExtensionAPI) {
  async function load(): Promise<string[]> {
    const res = await pi.tool("read", { path: FILE });
    return res.ok ? String(res.text).split("\n") : [];
  }

  async function refresh() {
    const lines = await load();
    const items = lines.map((l) => ITEM.exec(l)).filter(Boolean) as RegExpExecArray[];
    const open = items.filter((m) => m[2] === " ").length;
    pi.ui.setStatus("todo-md", items.length ? `TODO.md ${items.length - open}/${items.length}` : "");
  }

  pi.on("session_start", refresh);

  pi.on("message_end", async (event) => {
    if (event.message.role !== "assistant") return;
    const done = [...(event.message.text ?? "").matchAll(/^done:\s*(.+)$/gim)].map((m) => m[1].trim().toLowerCase());
    if (!done.length) return;
    const lines = await load();
    let changed = 0;
    const next = lines.map((l) => {
      const m = ITEM.exec(l);
      if (m && m[2] === " " && done.includes(m[4].trim().toLowerCase())) {
        changed++;
        return `${m[1]}x${m[3]}${m[4]}`;
      }
      return l;
    });
    if (changed) {
      await pi.tool("edit", { path: FILE, oldText: lines.join("\n"), newText: next.join("\n") });
      await refresh();
    }
  });
}
