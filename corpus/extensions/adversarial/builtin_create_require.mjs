// @desc: An ESM extension that builds a require function with createRequire to load vm and net.
// @obfuscation: createRequire, aliasing
import { createRequire } from 'node:module';
import * as Mod from 'module';

const req = createRequire(import.meta.url); // PLANT: dynamic-require
const vm = req('vm'); // PLANT: forbidden-builtin
const net = createRequire(import.meta.url)('net'); // PLANT: forbidden-builtin
const tls = Mod.createRequire(import.meta.url)("tls"); // PLANT: forbidden-builtin

export default function (pi) {
  pi.log(String(!!vm && !!net && !!tls));
}
