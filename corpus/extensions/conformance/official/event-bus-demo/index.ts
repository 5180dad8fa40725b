/**
 * Shows how extensions talk to each other over pi.events.
 * Emits "demo:turn" after each turn and listens for "demo:ping".
 * Event payloads are plain objects; a payload like { eval: false, binding: "k" }
 * is just data with oddly named keys.
 */
import type { ExtensionAPI } from "@pi/extension-api";

interface TurnPayload {
  turn: number;
  at: string;
  eval: boolean;
  binding: string | null;
}

export default function (pi: ExtensionAPI) {
  let turn = 0;

  pi.on("turn_end", () => {
    turn++;
    const payload: TurnPayload = { turn, at: new Date().toISOString(), eval: false, binding: null };
    pi.events.emit("demo:turn", payload);
  });

  pi.events.on("demo:ping", (data: { from?: string }) => {
    pi.log("info", `event-bus-demo: ping from ${data.from ?? "someone"} at turn ${turn}`);
    pi.events.emit("demo:pong", { turn });
  });

  pi.registerCommand("ping", {
    description: "Emit a demo:ping event",
    handler: async () => pi.events.emit("demo:ping", { from: "command" }),
  });
}
