/**
 * github-issues — list, view and comment on GitHub issues of the current repo.
 *
 * Tools: gh_issues (list/search), gh_issue (view one), gh_comment.
 * HTTP goes through ./net.js, a thin local wrapper around pi.http — it has
 * nothing to do with node's `net` module despite the file name.
 */
import type { ExtensionAPI } from "@pi/extension-api";
import { createClient, type Client } from "./net.js";

interface Issue {
  number: number;
  title: string;
  state: "open" | "closed";
  user: { login: string };
  labels: { name: string }[];
  body?: string;
  comments: number;
  html_url: string;
}

async function detectRepo(pi: ExtensionAPI): Promise<string | null> {
  const res = await pi.exec("git", ["remote", "get-url", "origin"]);
  const m = /github\.com[:/]([^/]+\/[^/.]+)(?:\.git)?\s*$/.exec(res.stdout);
  return m ? m[1] : null;
}

const line = (i: Issue) =>
  `#${i.number} [${i.state}] ${i.title}${i.labels.length ? ` (${i.labels.map((l) => l.name).join(", ")})` : ""} — @${i.user.login}`;

export default function (pi: ExtensionAPI) {
  let repo: string | null = null;
  let client: Client;

  pi.on("session_start", async (_e, ctx) => {
    repo = await detectRepo(pi);
    client = createClient(pi, "https://api.github.com", {
      accept: "application/vnd.github+json",
      "x-github-api-version": "2022-11-28",
      ...(ctx.auth.github ? { authorization: `Bearer ${ctx.auth.github}` } : {}),
    });
    if (repo) pi.ui.setStatus("gh", `gh: ${repo}`);
  });

  const needRepo = () =>
    repo ? null : { content: [{ type: "text", text: "not a GitHub repository (no origin remote)" }], isError: true };

  pi.registerTool({
    name: "gh_issues",
    description: "List or search issues in the current GitHub repository.",
    parameters: {
      type: "object",
      properties: {
        state: { type: "string", enum: ["open", "closed", "all"], default: "open" },
        query: { type: "string" },
        limit: { type: "number", default: 20 },
      },
    },
    async execute(args: { state?: string; query?: string; limit?: number }) {
      const missing = needRepo();
      if (missing) return missing;
      const limit = Math.min(args.limit ?? 20, 100);
      let issues: Issue[];
      if (args.query) {
        const q = encodeURIComponent(`repo:${repo} is:issue ${args.state && args.state !== "all" ? `is:${args.state} ` : ""}${args.query}`);
        issues = (await client.get<{ items: Issue[] }>(`/search/issues?q=${q}&per_page=${limit}`)).items;
      } else {
        issues = await client.get<Issue[]>(`/repos/${repo}/issues?state=${args.state ?? "open"}&per_page=${limit}`);
      }
      return { content: [{ type: "text", text: issues.map(line).join("\n") || "no issues" }] };
    },
  });

  pi.registerTool({
    name: "gh_issue",
    description: "Show one issue with its body and the latest comments.",
    parameters: { type: "object", properties: { number: { type: "number" } }, required: ["number"] },
    async execute({ number }: { number: number }) {
      const missing = needRepo();
      if (missing) return missing;
      const issue = await client.get<Issue>(`/repos/${repo}/issues/${number}`);
      const comments = await client.get<{ user: { login: string }; body: string }[]>(
        `/repos/${repo}/issues/${number}/comments?per_page=10`,
      );
      const text = [
        line(issue),
        issue.html_url,
        "",
        issue.body ?? "(no description)",
        "",
        ...comments.map((c) => `--- @${c.user.login}\n${c.body}`),
      ].join("\n");
      return { content: [{ type: "text", text }] };
    },
  });

  pi.registerTool({
    name: "gh_comment",
    description: "Post a comment on an issue (asks the user first).",
    parameters: {
      type: "object",
      properties: { number: { type: "number" }, body: { type: "string" } },
      required: ["number", "body"],
    },
    async execute({ number, body }: { number: number; body: string }, ctx) {
      const missing = needRepo();
      if (missing) return missing;
      if (ctx.hasUI && !(await pi.ui.confirm(`Comment on #${number}?`, body))) {
        return { content: [{ type: "text", text: "user declined" }] };
      }
      const c = await client.post<{ html_url: string }>(`/repos/${repo}/issues/${number}/comments`, { body });
      return { content: [{ type: "text", text: `commented: ${c.html_url}` }] };
    },
  });
}
