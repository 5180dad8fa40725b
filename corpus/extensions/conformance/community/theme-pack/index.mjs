/**
 * theme-pack: a few colour themes shipped as separate modules under ./themes,
 * loaded on demand with import() so unused themes cost nothing.
 */
const AVAILABLE = ["solarized-dark", "paper-light"];

async function loadTheme(name) {
  if (!AVAILABLE.includes(name)) throw new Error(`unknown theme ${name}`);
  const mod = await import(`./themes/${name}.mjs`);
  return mod.default;
}

export default function themePack(pi) {
  pi.on("session_start", async () => {
    const saved = (await pi.session.get("theme-pack/active")) || "solarized-dark";
    try {
      pi.ui.registerTheme(saved, await loadTheme(saved));
    } catch (e) {
      pi.log("warn", `theme-pack: ${e.message}`);
    }
  });

  pi.registerCommand("theme-pack", {
    description: "Switch to one of the bundled themes",
    handler: async (args) => {
      const name = args.trim() || (await pi.ui.select("Theme", AVAILABLE));
      if (!name) return;
      const theme = await loadTheme(name);
      pi.ui.registerTheme(name, theme);
      pi.ui.setTheme(name);
      await pi.session.set("theme-pack/active", name);
    },
  });
}
