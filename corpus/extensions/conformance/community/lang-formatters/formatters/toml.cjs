"use strict";
// TOML/INI: trims lines, one space around '=', single blank line before tables.
exports.format = function (text) {
  const out = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "") {
      if (out.length && out[out.length - 1] !== "") out.push("");
      continue;
    }
    if (/^\[.*\]$/.test(line)) {
      if (out.length && out[out.length - 1] !== "") out.push("");
      out.push(line);
      continue;
    }
    const m = /^([^=#"']+?)\s*=\s*(.*)$/.exec(line);
    out.push(m ? `${m[1]} = ${m[2]}` : line);
  }
  while (out.length && out[out.length - 1] === "") out.pop();
  return out.join("\n") + "\n";
};
