/**
 * slack-notify: posts to a Slack incoming webhook when a long task finishes,
 * and exposes a `slack_post` tool (confirmation required).
 * The webhook URL comes from ctx.auth.slackWebhook (host credential store).
 */
import type { ExtensionAPI } from "@pi/extension-api";

const ESCAPE = (s: string) => s.replace(/[&<>]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[c]!);

async function post(pi: ExtensionAPI, webhook: string, text: string) {
  const res = await pi.http({
    url: webhook,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ text: ESCAPE(text) }),
  });
  if (res.status !== 200) throw new Error(`Slack webhook returned ${res.status}`);
}

export default function (pi: ExtensionAPI) {
  let hook: string | undefined;
  let startedAt = 0;
  let lastPrompt = "";

  pi.on("session_start", (_e, ctx) => {
    hook = ctx.auth.slackWebhook;
    if (hook && !/^https:\/\/hooks\.slack\.com\/services\//.test(hook)) {
      pi.log("warn", "slack-notify: webhook does not look like a Slack URL; disabled");
      hook = undefined;
    }
  });
  pi.on("input", (e) => { lastPrompt = e.text.split("\n")[0].slice(0, 100); });
  pi.on("agent_start", () => { startedAt = Date.now(); });
  pi.on("agent_end", async () => {
    const mins = (Date.now() - startedAt) / 60_000;
    if (!hook || mins < 5) return;
    await post(pi, hook, `:robot_face: pi finished "${lastPrompt}" after ${mins.toFixed(1)} min`);
  });

  pi.registerTool({
    name: "slack_post",
    description: "Post a short message to the team's Slack channel (user confirms).",
    parameters: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
    async execute({ text }: { text: string }, ctx) {
      if (!hook) return { content: [{ type: "text", text: "Slack not configured" }], isError: true };
      if (!ctx.hasUI || !(await pi.ui.confirm("Post to Slack?", text))) return { content: [{ type: "text", text: "not posted" }] };
      await post(pi, hook, text);
      return { content: [{ type: "text", text: "posted" }] };
    },
  });
}
