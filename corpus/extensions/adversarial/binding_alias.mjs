// @desc: process taken from globalThis into a variable, and binding destructured from process.
// @obfuscation: aliasing, destructuring
const p = globalThis.process;
const { binding, version } = process; // PLANT: process-binding

export default function (pi) {
  const tty = p.binding("tty_wrap"); // PLANT: process-binding
  const os = binding("os");
  pi.log(version + String(!!tty && !!os));
}
