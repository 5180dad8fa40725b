/**
 * openapi-explorer: `api_ops` lists operations from an OpenAPI 3 JSON spec
 * in the repo, `api_op` shows one operation's parameters and schemas, with
 * $ref resolution (local refs only, cycle-safe).
 */
import type { ExtensionAPI } from "@pi/extension-api";

type Obj = Record<string, any>;
// Specs sometimes carry vendor keys like "x-eval" or "x-binding"; they are ignored.
const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"] as const;

function resolveRef(spec: Obj, ref: string): Obj | undefined {
  if (!ref.startsWith("#/")) return undefined;
  return ref
    .slice(2)
    .split("/")
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<Obj | undefined>((node, key) => (node ? node[key] : undefined), spec);
}

function describeSchema(spec: Obj, schema: Obj | undefined, depth = 0, seen = new Set<string>()): string {
  if (!schema) return "any";
  if (schema.$ref) {
    const name = schema.$ref.split("/").pop();
    if (seen.has(schema.$ref) || depth > 3) return name;
    return `${name} ${describeSchema(spec, resolveRef(spec, schema.$ref), depth, new Set([...seen, schema.$ref]))}`;
  }
  if (schema.type === "array") return `${describeSchema(spec, schema.items, depth + 1, seen)}[]`;
  if (schema.type === "object" || schema.properties) {
    const req = new Set<string>(schema.required ?? []);
    const props = Object.entries<Obj>(schema.properties ?? {}).map(
      ([k, v]) => `${k}${req.has(k) ? "" : "?"}: ${describeSchema(spec, v, depth + 1, seen)}`,
    );
    return `{ ${props.join(", ")} }`;
  }
  if (schema.enum) return schema.enum.map((e: unknown) => JSON.stringify(e)).join(" | ");
  return schema.type ?? "any";
}

export default function (pi: ExtensionAPI) {
  const cache = new Map<string, Obj>();

  async function load(path: string): Promise<Obj> {
    const hit = cache.get(path);
    if (hit) return hit;
    const res = await pi.tool("read", { path });
    if (!res.ok) throw new Error(`cannot read ${path}`);
    const spec = JSON.parse(String(res.text)) as Obj;
    if (!String(spec.openapi ?? "").startsWith("3.")) throw new Error("only OpenAPI 3.x JSON is supported");
    cache.set(path, spec);
    return spec;
  }

  pi.registerTool({
    name: "api_ops",
    description: "List operations (method, path, operationId, summary) of an OpenAPI JSON spec.",
    parameters: { type: "object", properties: { spec: { type: "string" }, tag: { type: "string" } }, required: ["spec"] },
    async execute({ spec: path, tag }: { spec: string; tag?: string }) {
      const spec = await load(path);
      const rows: string[] = [];
      for (const [p, item] of Object.entries<Obj>(spec.paths ?? {})) {
        for (const m of METHODS) {
          const op = item[m];
          if (!op || (tag && !(op.tags ?? []).includes(tag))) continue;
          rows.push(`${m.toUpperCase().padEnd(7)} ${p}  ${op.operationId ?? ""}  ${op.summary ?? ""}`);
        }
      }
      return { content: [{ type: "text", text: rows.join("\n") || "no operations" }] };
    },
  });

  pi.registerTool({
    name: "api_op",
    description: "Show parameters, request body and responses of one operation by operationId.",
    parameters: { type: "object", properties: { spec: { type: "string" }, operationId: { type: "string" } }, required: ["spec", "operationId"] },
    async execute({ spec: path, operationId }: { spec: string; operationId: string }) {
      const spec = await load(path);
      for (const [p, item] of Object.entries<Obj>(spec.paths ?? {})) {
        for (const m of METHODS) {
          const op = item[m];
          if (op?.operationId !== operationId) continue;
          const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((x: Obj) => (x.$ref ? resolveRef(spec, x.$ref) ?? x : x));
          const lines = [`${m.toUpperCase()} ${p}`, op.description ?? op.summary ?? ""];
          for (const x of params) lines.push(`  ${x.in} ${x.name}${x.required ? "" : "?"}: ${describeSchema(spec, x.schema)}`);
          const body = op.requestBody?.content?.["application/json"]?.schema;
          if (body) lines.push(`  body: ${describeSchema(spec, body)}`);
          for (const [code, r] of Object.entries<Obj>(op.responses ?? {})) {
            lines.push(`  ${code}: ${describeSchema(spec, r.content?.["application/json"]?.schema)}`);
          }
          return { content: [{ type: "text", text: lines.join("\n") }] };
        }
      }
      return { content: [{ type: "text", text: `no operation ${operationId}` }], isError: true };
    },
  });
}
