/**
 * linear-issues: the `linear` tool queries Linear's GraphQL API for the
 * user's assigned issues or a search term. GraphQL documents are constant
 * strings; variables are passed separately (never interpolated, never eval'd).
 */
import type { ExtensionAPI } from "@pi/extension-api";

const ASSIGNED = `
  query Assigned($first: Int!) {
    viewer { assignedIssues(first: $first, filter: { state: { type: { nin: ["completed", "canceled"] } } }) {
      nodes { identifier title priority state { name } url }
    } }
  }`;

const SEARCH = `
  query Search($term: String!, $first: Int!) {
    searchIssues(term: $term, first: $first) { nodes { identifier title priority state { name } url } }
  }`;

interface IssueNode { identifier: string; title: string; priority: number; state: { name: string }; url: string }

const PRIORITY = ["—", "urgent", "high", "medium", "low"];

export default function (pi: ExtensionAPI) {
  async function gql<T>(key: string, query: string, variables: Record<string, unknown>): Promise<T> {
    const res = await pi.http({
      url: "https://api.linear.app/graphql",
      method: "POST",
      headers: { authorization: key, "content-type": "application/json" },
      body: JSON.stringify({ query, variables }),
    });
    const json = JSON.parse(res.body);
    if (json.errors?.length) throw new Error(json.errors.map((e: { message: string }) => e.message).join("; "));
    return json.data as T;
  }

  pi.registerTool({
    name: "linear",
    description: "List my open Linear issues, or search issues by term.",
    parameters: { type: "object", properties: { search: { type: "string" }, limit: { type: "number" } } },
    async execute(args: { search?: string; limit?: number }, ctx) {
      const key: string | undefined = ctx.auth.linear;
      if (!key) return { content: [{ type: "text", text: "Linear API key not configured" }], isError: true };
      const first = Math.min(args.limit ?? 20, 50);
      const nodes: IssueNode[] = args.search
        ? (await gql<{ searchIssues: { nodes: IssueNode[] } }>(key, SEARCH, { term: args.search, first })).searchIssues.nodes
        : (await gql<{ viewer: { assignedIssues: { nodes: IssueNode[] } } }>(key, ASSIGNED, { first })).viewer.assignedIssues.nodes;
      const text = nodes.map((n) => `${n.identifier.padEnd(9)} ${PRIORITY[n.priority] ?? n.priority} · ${n.state.name} · ${n.title}`).join("\n");
      return { content: [{ type: "text", text: text || "no issues" }] };
    },
  });
}
