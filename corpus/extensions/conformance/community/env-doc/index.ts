/**
 * env-doc: documents the variables in `.env.example` (NOT the live
 * environment). It never touches process.env — the word "env" below always
 * refers to parsed file contents, e.g. `doc.env.DATABASE_URL` is the *example*
 * line from the file, with its comment.
 *
 * /env-doc writes docs/ENVIRONMENT.md; the env_vars tool returns the table.
 */
import type { ExtensionAPI } from "@pi/extension-api";

interface EnvEntry {
  name: string;
  example: string;
  comment: string;
  secret: boolean;
}

interface EnvDoc {
  file: string;
  env: Record<string, EnvEntry>;
}

const SECRETISH = /(TOKEN|SECRET|PASSWORD|PASSWD|API_KEY|PRIVATE_KEY|CREDENTIALS?)$/;

function parse(file: string, text: string): EnvDoc {
  const doc: EnvDoc = { file, env: {} };
  let pending: string[] = [];
  for (const line of text.split("\n")) {
    const t = line.trim();
    if (t.startsWith("#")) {
      pending.push(t.replace(/^#\s?/, ""));
      continue;
    }
    const m = /^(?:export\s+)?([A-Z_][A-Z0-9_]*)=(.*)$/.exec(t);
    if (m) {
      doc.env[m[1]] = {
        name: m[1],
        example: m[2].replace(/^["']|["']$/g, ""),
        comment: pending.join(" "),
        secret: SECRETISH.test(m[1]),
      };
    }
    pending = [];
  }
  return doc;
}

function table(doc: EnvDoc): string {
  const rows = Object.values(doc.env).map(
    (e) => `| \`${e.name}\` | ${e.secret ? "_(secret)_" : e.example ? `\`${e.example}\`` : ""} | ${e.comment} |`,
  );
  return ["| Variable | Example | Description |", "|---|---|---|", ...rows].join("\n");
}

export default function (pi: ExtensionAPI) {
  async function load(): Promise<EnvDoc | null> {
    for (const file of [".env.example", ".env.sample", ".env.template"]) {
      const res = await pi.tool("read", { path: file });
      if (res.ok) return parse(file, String(res.text));
    }
    return null;
  }

  pi.registerTool({
    name: "env_vars",
    description: "Describe the environment variables the project expects (from .env.example).",
    parameters: { type: "object", properties: {} },
    async execute() {
      const doc = await load();
      return { content: [{ type: "text", text: doc ? table(doc) : "no .env.example found" }] };
    },
  });

  pi.registerCommand("env-doc", {
    description: "Write docs/ENVIRONMENT.md from .env.example",
    handler: async () => {
      const doc = await load();
      if (!doc) return pi.ui.notify("no .env.example found", "warning");
      const cfg = { env: doc.env, out: "docs/ENVIRONMENT.md" };
      const body = `# Environment\n\nGenerated from \`${doc.file}\`.\n\n${table(doc)}\n`;
      await pi.tool("write", { path: cfg.out, content: body });
      pi.ui.notify(`${Object.keys(cfg.env).length} variables documented in ${cfg.out}`, "info");
    },
  });
}
