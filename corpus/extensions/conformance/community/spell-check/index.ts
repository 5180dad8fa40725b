/**
 * spell_check tool: flags likely misspellings in comments and string literals
 * of a source file using a small list of common developer typos, plus a
 * project word list in .pi/words.txt.
 *
 * The string scanner understands escaped quotes, e.g. "say \"recieve\"" and
 * 'it\'s seperate', so a message like "don't call \"eval(x)\"" is one string.
 */
import type { ExtensionAPI } from "@pi/extension-api";

const TYPOS: Record<string, string> = {
  recieve: "receive", seperate: "separate", occured: "occurred", untill: "until",
  lenght: "length", widht: "width", heigth: "height", retrun: "return",
  enviroment: "environment", dependant: "dependent", accross: "across",
  begining: "beginning", calender: "calendar", definately: "definitely",
  existance: "existence", paramter: "parameter", threshhold: "threshold",
  retreival: "retrieval", evaulate: "evaluate", evalute: "evaluate", fucntion: "function",
};

/** Yields [text, line] for each comment or string literal in JS-like source. */
function* prose(src: string): Generator<[string, number]> {
  let i = 0;
  let line = 1;
  while (i < src.length) {
    const c = src[i];
    if (c === "\n") { line++; i++; continue; }
    if (c === "/" && src[i + 1] === "/") {
      const end = src.indexOf("\n", i);
      yield [src.slice(i + 2, end < 0 ? src.length : end), line];
      i = end < 0 ? src.length : end;
      continue;
    }
    if (c === "/" && src[i + 1] === "*") {
      const end = src.indexOf("*/", i + 2);
      const body = src.slice(i + 2, end < 0 ? src.length : end);
      yield [body, line];
      line += body.split("\n").length - 1;
      i = end < 0 ? src.length : end + 2;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") {
      let j = i + 1;
      let text = "";
      while (j < src.length && src[j] !== c) {
        if (src[j] === "\\") { text += src[j + 1] ?? ""; j += 2; continue; }
        if (src[j] === "\n") line++;
        text += src[j++];
      }
      yield [text, line];
      i = j + 1;
      continue;
    }
    i++;
  }
}

export default function (pi: ExtensionAPI) {
  pi.registerTool({
    name: "spell_check",
    description: "Find common misspellings in comments and strings of a file.",
    parameters: { type: "object", properties: { path: { type: "string" } }, required: ["path"] },
    async execute({ path }: { path: string }) {
      const [file, words] = await Promise.all([pi.tool("read", { path }), pi.tool("read", { path: ".pi/words.txt" })]);
      if (!file.ok) return { content: [{ type: "text", text: `cannot read ${path}` }], isError: true };
      const allowed = new Set(words.ok ? String(words.text).split(/\s+/).map((w) => w.toLowerCase()) : []);
      const hits: string[] = [];
      for (const [text, line] of prose(String(file.text))) {
        for (const w of text.match(/[A-Za-z]{4,}/g) ?? []) {
          const fix = TYPOS[w.toLowerCase()];
          if (fix && !allowed.has(w.toLowerCase())) hits.push(`${path}:${line}: "${w}" → "${fix}"`);
        }
      }
      return { content: [{ type: "text", text: hits.join("\n") || "no misspellings found" }] };
    },
  });
}
