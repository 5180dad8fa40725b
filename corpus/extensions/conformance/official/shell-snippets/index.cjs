"use strict";
/**
 * shell-snippets: /sh <name> runs a named, pre-approved shell snippet from
 * .pi/shell-snippets.json through pi.exec. Snippets are argv arrays, never
 * shell strings, so "$(...)" or "eval $x" in an argument stays a literal.
 */
const DEFAULTS = {
  status: ["git", "status", "-sb"],
  log: ["git", "log", "--oneline", "-n", "15"],
  branches: ["git", "branch", "--sort=-committerdate"],
  disk: ["du", "-sh", "."],
};

module.exports = function shellSnippets(pi) {
  let snippets = Object.assign({}, DEFAULTS);

  pi.on("session_start", async () => {
    const res = await pi.tool("read", { path: ".pi/shell-snippets.json" });
    if (!res.ok) return;
    try {
      const user = JSON.parse(res.text);
      for (const [k, v] of Object.entries(user)) if (Array.isArray(v) && v.every((s) => typeof s === "string")) snippets[k] = v;
    } catch (_) {
      pi.log("warn", "shell-snippets: config is not JSON");
    }
  });

  pi.registerCommand("sh", {
    description: "Run a saved shell snippet",
    handler: async (args) => {
      const name = args.trim() || (await pi.ui.select("Snippet", Object.keys(snippets)));
      const argv = snippets[name];
      if (!argv) return pi.ui.notify(`unknown snippet ${name}`, "warning");
      const [cmd, ...rest] = argv;
      const res = await pi.exec(cmd, rest);
      pi.ui.setWidget("sh", (res.stdout || res.stderr).split("\n").slice(0, 30));
    },
  });
};
