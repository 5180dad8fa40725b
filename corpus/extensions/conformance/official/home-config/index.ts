/**
 * home-config: loads user-wide snippets from ~/.pi/snippets.json in addition
 * to the project's .pi/snippets.json. Needs the home directory, which it takes
 * from process.env.HOME (USERPROFILE on Windows).
 */
import type { ExtensionAPI } from "@pi/extension-api";

type Snippets = Record<string, string>;

function homeDir(): string | undefined {
  return process.env.HOME ?? process.env.USERPROFILE;
}

async function readJson(pi: ExtensionAPI, path: string): Promise<Snippets> {
  const res = await pi.tool("read", { path });
  if (!res.ok) return {};
  try {
    return JSON.parse(String(res.text)) as Snippets;
  } catch {
    pi.log("warn", `home-config: ${path} is not valid JSON`);
    return {};
  }
}

export default function (pi: ExtensionAPI) {
  let snippets: Snippets = {};

  pi.on("session_start", async () => {
    const home = homeDir();
    const user = home ? await readJson(pi, `${home}/.pi/snippets.json`) : {};
    const project = await readJson(pi, ".pi/snippets.json");
    snippets = { ...user, ...project };
    pi.log("info", `home-config: ${Object.keys(snippets).length} snippets`);
  });

  pi.registerCommand("snip", {
    description: "Insert a saved snippet into the editor",
    handler: async (args) => {
      const key = args.trim() || (await pi.ui.select("Snippet", Object.keys(snippets).sort()));
      if (key && snippets[key]) pi.ui.setEditorText(snippets[key]);
    },
  });
}
