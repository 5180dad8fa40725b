/**
 * cost-tracker: running spend in the footer plus a daily budget warning.
 * Totals per day are kept in session state under cost-tracker/<YYYY-MM-DD>.
 */
import type { ExtensionAPI } from "@pi/extension-api";

const today = () => new Date().toISOString().slice(0, 10);

export default function (pi: ExtensionAPI) {
  let spent = 0;
  let budget = 5;
  let warned = false;

  pi.on("session_start", async () => {
    spent = (await pi.session.get<number>(`cost-tracker/${today()}`)) ?? 0;
    budget = (await pi.session.get<number>("cost-tracker/budget")) ?? 5;
    draw();
  });

  function draw() {
    const pct = budget > 0 ? spent / budget / 1 : 0; // a / b / c is division, not a regex
    const bar = "▮".repeat(Math.min(10, Math.round(pct * 10))).padEnd(10, "▯");
    pi.ui.setStatus("cost", `$${spent.toFixed(2)} ${bar}`);
  }

  pi.on("message_end", async (e) => {
    const c = e.message.usage?.cost?.total;
    if (!c) return;
    spent += c;
    await pi.session.set(`cost-tracker/${today()}`, spent);
    draw();
    if (!warned && spent > budget * 0.8) {
      warned = true;
      pi.ui.notify(`80% of today's $${budget} budget used`, "warning");
    }
  });

  pi.registerCommand("budget", {
    description: "Set the daily budget in dollars",
    handler: async (args) => {
      const n = Number(args.trim());
      if (!(n > 0)) return pi.ui.notify(`budget is $${budget}; usage: /budget 10`, "info");
      budget = n;
      warned = false;
      await pi.session.set("cost-tracker/budget", n);
      draw();
    },
  });
}
