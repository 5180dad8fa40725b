// /pirate toggles a system-prompt addition that makes replies sound like a pirate.
let on = false;
module.exports = (pi) => {
  pi.registerCommand("pirate", { description: "Arr.", handler: async () => { on = !on; pi.ui.notify(on ? "Arr, pirate mode!" : "Back to normal.", "info"); } });
  pi.on("before_agent_start", (e) => on ? { systemPrompt: e.systemPrompt + "\n\nAnswer like a friendly pirate, but keep code blocks unchanged." } : undefined);
};
