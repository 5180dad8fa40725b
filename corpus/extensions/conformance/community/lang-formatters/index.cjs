/**
 * lang-formatters: `format_code` tool with tiny built-in formatters per
 * language, each in ./formatters/<lang>.cjs and required lazily by name.
 */
"use strict";
const path = require("path");

const SUPPORTED = { json: "json", toml: "toml", ini: "toml" };

function formatterFor(ext) {
  const lang = SUPPORTED[ext];
  if (!lang) return null;
  return require(path.join(__dirname, "formatters", lang + ".cjs"));
}

module.exports = function langFormatters(pi) {
  pi.registerTool({
    name: "format_code",
    description: "Normalise formatting of JSON or TOML/INI files.",
    parameters: { type: "object", properties: { path: { type: "string" } }, required: ["path"] },
    async execute(args) {
      const ext = path.extname(args.path).slice(1).toLowerCase();
      const fmt = formatterFor(ext);
      if (!fmt) return { content: [{ type: "text", text: `no formatter for .${ext}` }], isError: true };
      const src = await pi.tool("read", { path: args.path });
      if (!src.ok) return { content: [{ type: "text", text: `cannot read ${args.path}` }], isError: true };
      const out = fmt.format(src.text);
      if (out === src.text) return { content: [{ type: "text", text: "already formatted" }] };
      await pi.tool("write", { path: args.path, content: out });
      return { content: [{ type: "text", text: `formatted ${args.path}` }] };
    },
  });
};
