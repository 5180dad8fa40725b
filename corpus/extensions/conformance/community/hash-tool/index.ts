/**
 * hash tool: sha256/sha1/md5 of a file or a string, plus HMAC, via node:crypto
 * (a pure module — unlike node:vm or node:v8, crypto needs no special capability). Comparing digests uses timingSafeEqual.
 */
import type { ExtensionAPI } from "@pi/extension-api";
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

type Algo = "sha256" | "sha512" | "sha1" | "md5";

export default function (pi: ExtensionAPI) {
  pi.registerTool({
    name: "hash",
    description: "Hash a file or a string (sha256 default); optionally compare with an expected digest.",
    parameters: {
      type: "object",
      properties: {
        path: { type: "string" },
        text: { type: "string" },
        algo: { type: "string", enum: ["sha256", "sha512", "sha1", "md5"] },
        hmacKey: { type: "string" },
        expect: { type: "string" },
      },
    },
    async execute(a: { path?: string; text?: string; algo?: Algo; hmacKey?: string; expect?: string }) {
      let data: string;
      if (a.path) {
        const r = await pi.tool("read", { path: a.path });
        if (!r.ok) return { content: [{ type: "text", text: `cannot read ${a.path}` }], isError: true };
        data = String(r.text);
      } else if (a.text !== undefined) data = a.text;
      else return { content: [{ type: "text", text: "give path or text" }], isError: true };
      const algo = a.algo ?? "sha256";
      const digest = (a.hmacKey ? createHmac(algo, a.hmacKey) : createHash(algo)).update(data).digest("hex");
      let verdict = "";
      if (a.expect) {
        const x = Buffer.from(a.expect.trim().toLowerCase(), "utf8");
        const y = Buffer.from(digest, "utf8");
        verdict = x.length === y.length && timingSafeEqual(x, y) ? "\nmatches expected ✓" : "\nDOES NOT match expected ✗";
      }
      return { content: [{ type: "text", text: `${algo}${a.hmacKey ? "-hmac" : ""}: ${digest}${verdict}` }] };
    },
  });
}
