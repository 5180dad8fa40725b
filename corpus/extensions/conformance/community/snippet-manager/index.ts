/**
 * snippet-manager: save, list and insert reusable prompt snippets.
 * Snippets support ${placeholders} which are filled in interactively.
 *
 *   /snippet save <name>    saves the current editor text
 *   /snippet <name>         inserts (asks for placeholder values)
 *   /snippet rm <name>
 *   /snippets               list
 *
 * Placeholders are substituted with a plain string replace — a template like
 * "Explain ${fn} without eval(${fn})" is *text*, it is never evaluated.
 */
import type { ExtensionAPI } from "@pi/extension-api";

interface Snippet {
  name: string;
  body: string;
  uses: number;
  updated: string;
}

const KEY = "snippet-manager/v1";
const PLACEHOLDER = /\$\{([a-zA-Z_][\w-]*)\}/g;

class SnippetBook {
  private items = new Map<string, Snippet>();
  constructor(private pi: ExtensionAPI) {}

  async load() {
    const raw = (await this.pi.session.get<Snippet[]>(KEY)) ?? [];
    this.items = new Map(raw.map((s) => [s.name, s]));
  }
  private async persist() {
    await this.pi.session.set(KEY, [...this.items.values()]);
  }
  async save(name: string, body: string) {
    this.items.set(name, { name, body, uses: this.items.get(name)?.uses ?? 0, updated: new Date().toISOString() });
    await this.persist();
  }
  async remove(name: string) {
    const had = this.items.delete(name);
    if (had) await this.persist();
    return had;
  }
  get(name: string) {
    return this.items.get(name);
  }
  async touch(name: string) {
    const s = this.items.get(name);
    if (s) {
      s.uses++;
      await this.persist();
    }
  }
  list(): Snippet[] {
    return [...this.items.values()].sort((a, b) => b.uses - a.uses || a.name.localeCompare(b.name));
  }
}

export default function (pi: ExtensionAPI) {
  const book = new SnippetBook(pi);
  pi.on("session_start", () => book.load());

  async function fill(body: string): Promise<string | undefined> {
    const names = [...new Set([...body.matchAll(PLACEHOLDER)].map((m) => m[1]))];
    const values: Record<string, string> = {};
    for (const n of names) {
      const v = await pi.ui.input(`Value for \${${n}}`);
      if (v === undefined) return undefined;
      values[n] = v;
    }
    return body.replace(PLACEHOLDER, (_m, n: string) => values[n] ?? "");
  }

  pi.registerCommand("snippet", {
    description: "save <name> | rm <name> | <name>",
    handler: async (args, ctx) => {
      const [verb, ...rest] = args.trim().split(/\s+/);
      if (verb === "save" && rest[0]) {
        const text = ctx.editorText.trim();
        if (!text) return pi.ui.notify("editor is empty", "warning");
        await book.save(rest[0], text);
        return pi.ui.notify(`saved snippet ${rest[0]}`, "info");
      }
      if (verb === "rm" && rest[0]) {
        return pi.ui.notify((await book.remove(rest[0])) ? `removed ${rest[0]}` : `no snippet ${rest[0]}`, "info");
      }
      const name = verb || (await pi.ui.select("Snippet", book.list().map((s) => s.name)));
      const s = name ? book.get(name) : undefined;
      if (!s) return pi.ui.notify(`no snippet ${name}`, "warning");
      const text = await fill(s.body);
      if (text !== undefined) {
        pi.ui.setEditorText(text);
        await book.touch(s.name);
      }
    },
  });

  pi.registerCommand("snippets", {
    description: "List saved snippets",
    handler: async () => {
      const rows = book.list().map((s) => `${s.name.padEnd(20)} ×${String(s.uses).padStart(3)}  ${s.body.split("\n")[0].slice(0, 50)}`);
      pi.ui.setWidget("snippets", rows.length ? rows : ["no snippets saved"]);
    },
  });
}
