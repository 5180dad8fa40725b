/**
 * jira-client: search and update Jira issues from the agent.
 *
 *   /jira <JQL>          show matching issues in a widget
 *   jira_search tool     same, for the model
 *   jira_issue tool      details for one key (PROJ-123)
 *   jira_transition tool move an issue to another status (confirmed by user)
 *
 * Site and credentials come from the host credential store (ctx.auth.jira).
 */
import type { ExtensionAPI } from "@pi/extension-api";
import { JiraHttp } from "./lib/net.js";
import { IssueType, Priority, type JiraIssue, type SearchResult, type Transition } from "./lib/types";

const KEY_RE = /^[A-Z][A-Z0-9_]+-\d+$/;

function fmt(issue: JiraIssue): string {
  const f = issue.fields;
  const pri = f.priority?.name ?? Priority.Medium;
  const type = f.issuetype?.name ?? IssueType.Task;
  return `${issue.key.padEnd(10)} ${type.padEnd(7)} ${pri.padEnd(7)} ${f.status.name.padEnd(12)} ${f.summary}`;
}

function adfToText(node: unknown): string {
  // Atlassian Document Format → plain text (very small subset).
  if (!node || typeof node !== "object") return "";
  const n = node as { type?: string; text?: string; content?: unknown[] };
  if (n.type === "text") return n.text ?? "";
  const inner = (n.content ?? []).map(adfToText).join("");
  return n.type === "paragraph" || n.type === "heading" ? inner + "\n" : inner;
}

export default function (pi: ExtensionAPI) {
  let http: JiraHttp | null = null;

  pi.on("session_start", async (_e, ctx) => {
    const auth = ctx.auth.jira;
    if (!auth) {
      pi.log("info", "jira-client: no Jira credentials configured");
      return;
    }
    http = new JiraHttp(pi, auth.site, auth.email, auth.token);
    const me = await http.get<{ displayName: string }>("/rest/api/3/myself");
    pi.ui.setStatus("jira", `jira: ${me.displayName}`);
  });

  async function search(jql: string, max = 25): Promise<JiraIssue[]> {
    if (!http) throw new Error("Jira not configured");
    const res = await http.post<SearchResult>("/rest/api/3/search", {
      jql,
      maxResults: max,
      fields: ["summary", "status", "priority", "issuetype", "assignee"],
    });
    return res.issues;
  }

  pi.registerCommand("jira", {
    description: "Search Jira with JQL",
    handler: async (args) => {
      const jql = args.trim() || "assignee = currentUser() AND resolution = Unresolved ORDER BY updated DESC";
      try {
        const issues = await search(jql, 30);
        pi.ui.setWidget("jira", issues.length ? issues.map(fmt) : ["no issues"]);
      } catch (e) {
        pi.ui.notify(String((e as Error).message), "error");
      }
    },
  });

  pi.registerTool({
    name: "jira_search",
    description: "Search Jira issues using JQL.",
    parameters: { type: "object", properties: { jql: { type: "string" }, max: { type: "number" } }, required: ["jql"] },
    async execute({ jql, max }: { jql: string; max?: number }) {
      const issues = await search(jql, Math.min(max ?? 25, 100));
      return { content: [{ type: "text", text: issues.map(fmt).join("\n") || "no issues" }] };
    },
  });

  pi.registerTool({
    name: "jira_issue",
    description: "Get a Jira issue's summary, status and description.",
    parameters: { type: "object", properties: { key: { type: "string" } }, required: ["key"] },
    async execute({ key }: { key: string }) {
      if (!KEY_RE.test(key)) return { content: [{ type: "text", text: `bad key ${key}` }], isError: true };
      if (!http) return { content: [{ type: "text", text: "Jira not configured" }], isError: true };
      const issue = await http.get<JiraIssue>(`/rest/api/3/issue/${key}`);
      const desc = adfToText(issue.fields.description).trim() || "(no description)";
      return { content: [{ type: "text", text: `${fmt(issue)}\n\n${desc}` }] };
    },
  });

  pi.registerTool({
    name: "jira_transition",
    description: "Move a Jira issue to another status, e.g. 'In Review'.",
    parameters: {
      type: "object",
      properties: { key: { type: "string" }, status: { type: "string" } },
      required: ["key", "status"],
    },
    async execute({ key, status }: { key: string; status: string }, ctx) {
      if (!http) return { content: [{ type: "text", text: "Jira not configured" }], isError: true };
      const { transitions } = await http.get<{ transitions: Transition[] }>(`/rest/api/3/issue/${key}/transitions`);
      const t = transitions.find((x) => x.to.name.toLowerCase() === status.toLowerCase());
      if (!t) {
        const names = transitions.map((x) => x.to.name).join(", ");
        return { content: [{ type: "text", text: `no transition to "${status}" (available: ${names})` }], isError: true };
      }
      if (ctx.hasUI && !(await pi.ui.confirm("Jira", `Move ${key} to ${t.to.name}?`))) {
        return { content: [{ type: "text", text: "user declined" }] };
      }
      await http.post(`/rest/api/3/issue/${key}/transitions`, { transition: { id: t.id } });
      return { content: [{ type: "text", text: `${key} → ${t.to.name}` }] };
    },
  });
}
