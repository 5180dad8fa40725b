/**
 * Shows a rotating hint about a keyboard shortcut under the editor.
 * (Hint text is static data; things like "ctrl+e: exec last" are *labels*.)
 */
const HINTS = [
  { binding: "ctrl+c twice", action: "quit" },
  { binding: "ctrl+l", action: "select model" },
  { binding: "shift+tab", action: "cycle thinking level" },
  { binding: "ctrl+o", action: "expand tool output" },
  { binding: "ctrl+e", action: "exec last shell command again" },
  { binding: "esc", action: "interrupt the agent" },
  { binding: "/tree", action: "browse session branches" },
];
const label = (h) => `${h.binding}: ${h.action}`;

export default function keybindingHint(pi) {
  let i = 0;
  const show = () => pi.ui.setWidget("hint", [`tip: ${label(HINTS[i++ % HINTS.length])}`], { placement: "belowEditor" });
  pi.on("session_start", show);
  pi.on("agent_end", show);
}
