/**
 * validate_json tool: validates a JSON document against a (subset of) JSON
 * Schema draft 2020-12: type, required, properties, additionalProperties,
 * items, enum, const, minimum/maximum, minLength/maxLength, pattern.
 *
 * `pattern` is compiled with new RegExp — a schema with pattern "^eval\\(" is
 * just a regex, matched against strings.
 */
import type { ExtensionAPI } from "@pi/extension-api";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
interface Schema {
  type?: string | string[];
  required?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  enum?: Json[];
  const?: Json;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}

function typeOf(v: Json): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number" && Number.isInteger(v)) return "integer";
  return typeof v;
}

function validate(v: Json, s: Schema, path: string, errs: string[]): void {
  if (s.type) {
    const types = Array.isArray(s.type) ? s.type : [s.type];
    const t = typeOf(v);
    if (!types.includes(t) && !(t === "integer" && types.includes("number"))) {
      errs.push(`${path}: expected ${types.join("|")}, got ${t}`);
      return;
    }
  }
  if (s.enum && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) errs.push(`${path}: not in enum`);
  if (s.const !== undefined && JSON.stringify(s.const) !== JSON.stringify(v)) errs.push(`${path}: must equal const`);
  if (typeof v === "number") {
    if (s.minimum !== undefined && v < s.minimum) errs.push(`${path}: < minimum ${s.minimum}`);
    if (s.maximum !== undefined && v > s.maximum) errs.push(`${path}: > maximum ${s.maximum}`);
  }
  if (typeof v === "string") {
    if (s.minLength !== undefined && v.length < s.minLength) errs.push(`${path}: shorter than ${s.minLength}`);
    if (s.maxLength !== undefined && v.length > s.maxLength) errs.push(`${path}: longer than ${s.maxLength}`);
    if (s.pattern && !new RegExp(s.pattern, "u").test(v)) errs.push(`${path}: does not match /${s.pattern}/`);
  }
  if (Array.isArray(v) && s.items) v.forEach((item, i) => validate(item, s.items!, `${path}[${i}]`, errs));
  if (v && typeof v === "object" && !Array.isArray(v)) {
    for (const r of s.required ?? []) if (!(r in v)) errs.push(`${path}: missing required "${r}"`);
    for (const [k, val] of Object.entries(v)) {
      const sub = s.properties?.[k];
      if (sub) validate(val, sub, `${path}.${k}`, errs);
      else if (s.additionalProperties === false) errs.push(`${path}: unexpected property "${k}"`);
      else if (typeof s.additionalProperties === "object") validate(val, s.additionalProperties, `${path}.${k}`, errs);
    }
  }
}

export default function (pi: ExtensionAPI) {
  pi.registerTool({
    name: "validate_json",
    description: "Validate a JSON file against a JSON Schema file.",
    parameters: {
      type: "object",
      properties: { path: { type: "string" }, schema: { type: "string" } },
      required: ["path", "schema"],
    },
    async execute({ path, schema }: { path: string; schema: string }) {
      const [doc, sch] = await Promise.all([pi.tool("read", { path }), pi.tool("read", { path: schema })]);
      if (!doc.ok || !sch.ok) return { content: [{ type: "text", text: "could not read input files" }], isError: true };
      const errs: string[] = [];
      try {
        validate(JSON.parse(String(doc.text)), JSON.parse(String(sch.text)), "$", errs);
      } catch (e) {
        return { content: [{ type: "text", text: `parse error: ${(e as Error).message}` }], isError: true };
      }
      return { content: [{ type: "text", text: errs.length ? errs.slice(0, 100).join("\n") : `${path} is valid` }] };
    },
  });
}
