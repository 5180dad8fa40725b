/**
 * notes: a project notebook in .pi/notes/. The model can append findings with
 * the `note` tool; /notes shows them. Each note is a dated markdown file.
 */
import type { ExtensionAPI } from "@pi/extension-api";

const DIR = ".pi/notes";
const EXAMPLE = { title: "Why no eval", body: 'The loader used `eval("(" + json + ")")`; replaced with JSON.parse.' };
const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40) || "note";

export default function (pi: ExtensionAPI) {
  pi.registerTool({
    name: "note",
    description: `Save a note (title + markdown body) to the project notebook. Example: ${JSON.stringify(EXAMPLE)}`,
    parameters: {
      type: "object",
      properties: { title: { type: "string" }, body: { type: "string" }, tags: { type: "array", items: { type: "string" } } },
      required: ["title", "body"],
    },
    async execute({ title, body, tags = [] }: { title: string; body: string; tags?: string[] }) {
      const stamp = new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19);
      const path = `${DIR}/${stamp}-${slug(title)}.md`;
      const front = tags.length ? `---\ntags: [${tags.map((t) => JSON.stringify(t)).join(", ")}]\n---\n` : "";
      await pi.tool("write", { path, content: `${front}# ${title}\n\n${body}\n` });
      return { content: [{ type: "text", text: `saved ${path}` }] };
    },
  });

  pi.registerCommand("notes", {
    description: "List notes (optionally filter by word)",
    handler: async (args) => {
      const ls = await pi.tool("ls", { path: DIR });
      const files: string[] = (ls.entries ?? []).map((e: { name: string }) => e.name).filter((n: string) => n.endsWith(".md")).sort().reverse();
      let shown = files;
      const q = args.trim();
      if (q) {
        const hits = await pi.tool("grep", { pattern: q, path: DIR, ignoreCase: true, filesOnly: true });
        const set = new Set((hits.files ?? []).map((f: string) => f.split("/").pop()));
        shown = files.filter((f) => set.has(f));
      }
      pi.ui.setWidget("notes", shown.length ? shown.slice(0, 30) : ["no notes"]);
    },
  });
}
