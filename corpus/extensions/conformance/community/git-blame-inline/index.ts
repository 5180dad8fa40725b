/**
 * blame tool: who last changed lines N..M of a file, with commit subject.
 * Uses child_process.execFile directly (argv, no shell) for speed.
 */
import type { ExtensionAPI } from "@pi/extension-api";
import { execFile } from "node:child_process";

function git(args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile("git", args, { cwd, maxBuffer: 4 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(stderr.trim() || err.message));
      else resolve(stdout);
    });
  });
}

interface BlameLine {
  sha: string;
  author: string;
  time: number;
  summary: string;
  line: number;
  text: string;
}

function parsePorcelain(out: string): BlameLine[] {
  const result: BlameLine[] = [];
  const meta = new Map<string, { author: string; time: number; summary: string }>();
  const lines = out.split("\n");
  let i = 0;
  while (i < lines.length) {
    const head = /^([0-9a-f]{40}) \d+ (\d+)/.exec(lines[i]);
    if (!head) { i++; continue; }
    const [, sha, lineNo] = head;
    const info = meta.get(sha) ?? { author: "", time: 0, summary: "" };
    i++;
    while (i < lines.length && !lines[i].startsWith("\t")) {
      const [key, ...rest] = lines[i].split(" ");
      if (key === "author") info.author = rest.join(" ");
      if (key === "author-time") info.time = Number(rest[0]);
      if (key === "summary") info.summary = rest.join(" ");
      i++;
    }
    meta.set(sha, info);
    result.push({ sha, ...info, line: Number(lineNo), text: (lines[i] ?? "").slice(1) });
    i++;
  }
  return result;
}

export default function (pi: ExtensionAPI) {
  pi.registerTool({
    name: "blame",
    description: "Show who last changed a range of lines in a file and why.",
    parameters: {
      type: "object",
      properties: { path: { type: "string" }, start: { type: "number" }, end: { type: "number" } },
      required: ["path", "start"],
    },
    async execute({ path, start, end }: { path: string; start: number; end?: number }, ctx) {
      const range = `${start},${end ?? start}`;
      try {
        const out = await git(["blame", "--porcelain", "-L", range, "--", path], ctx.cwd);
        const rows = parsePorcelain(out).map(
          (b) => `${b.line}\t${b.sha.slice(0, 8)} ${new Date(b.time * 1000).toISOString().slice(0, 10)} ${b.author}: ${b.summary}\n\t${b.text}`,
        );
        return { content: [{ type: "text", text: rows.join("\n") }] };
      } catch (e) {
        return { content: [{ type: "text", text: (e as Error).message }], isError: true };
      }
    },
  });
}
