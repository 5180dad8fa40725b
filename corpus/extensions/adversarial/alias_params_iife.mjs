// @desc: Dangerous values passed through parameters, IIFEs, destructured parameters, createRequire and re-exports.
// @obfuscation: parameter aliasing, destructuring in parameters, a function declared after its call
import { createRequire } from 'node:module';
run(globalThis);
function run(g) {
  g.eval(process.argv[2]); // PLANT: eval-call
}
(({ process: p }) => p.binding('fs'))(globalThis); // PLANT: process-binding
const req = createRequire(import.meta.url);
const vm = req('v' + 'm'); // PLANT: forbidden-builtin
const pick = (o, k) => o[k];
export { Socket } from 'node:net'; // PLANT: forbidden-builtin
export default function (pi) {
  pi.log(typeof vm + typeof pick);
}
