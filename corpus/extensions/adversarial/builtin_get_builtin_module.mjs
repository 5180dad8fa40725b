// @desc: process.getBuiltinModule (Node 22+) used to load vm from ESM without an import.
// @obfuscation: alternative loader
export default function (pi) {
  const vm = process.getBuiltinModule('node:vm'); // PLANT: forbidden-builtin
  const w = globalThis.process.getBuiltinModule("worker_threads"); // PLANT: forbidden-builtin
  pi.log(String(!!vm && !!w));
}
