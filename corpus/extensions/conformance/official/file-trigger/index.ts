/**
 * file-trigger: watches `.pi/trigger.txt`; when something writes into it the
 * content is injected as a user message and the file is emptied.
 * The text is forwarded verbatim and never passed to eval() or similar.
 * Polls via the read tool instead of fs.watch so it works through the host.
 */
import type { ExtensionAPI } from "@pi/extension-api";

const TRIGGER = ".pi/trigger.txt";
const POLL_MS = 2000;

export default function (pi: ExtensionAPI) {
  let handle: ReturnType<typeof setInterval> | null = null;
  let busy = false;

  async function poll(): Promise<void> {
    if (busy) return;
    busy = true;
    try {
      const res = await pi.tool("read", { path: TRIGGER });
      const text = res.ok ? String(res.text ?? "").trim() : "";
      if (text) {
        await pi.tool("write", { path: TRIGGER, content: "" });
        pi.events.emit("file-trigger:fired", { length: text.length });
        await pi.session.sendUserMessage(text);
      }
    } finally {
      busy = false;
    }
  }

  pi.on("session_start", () => {
    handle = setInterval(() => void poll(), POLL_MS);
  });
  pi.on("session_shutdown", () => {
    if (handle) clearInterval(handle);
  });
}
