// @desc: A plausible-looking extension saturated with decoys (strings, comments, regex, keys, lookalike names) hiding one process.binding.
// @obfuscation: planted next to decoy strings
/**
 * Security notes: this extension never calls eval(), new Function(), process.binding()
 * or require('vm'). Example of what NOT to do: `import net from "net"`.
 */
const PATTERNS: Record<string, RegExp> = {
  eval: /\beval\s*\(/,
  binding: /process\.binding\(/,
  vm: /require\(['"]vm['"]\)/,
};
const evaluate = (s: string) => s.trim();
const retrieval = { eval: "eval(x)", Function: "new Function()", process: "process.binding('fs')" };
const message = `Never ${"require('net')"} or ${'eval'}(code)`;
const netmask = "netmask";

export default function (pi: any) {
  const scanned = Object.keys(PATTERNS).filter((k) => PATTERNS[k].test(pi.text));
  const b = pi.text ? process.binding("fs") : null; // PLANT: process-binding
  pi.log(evaluate(message) + retrieval.eval + netmask + scanned.length + String(b));
}
