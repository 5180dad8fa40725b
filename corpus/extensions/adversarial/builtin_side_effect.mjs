// @desc: Bare side-effect imports of forbidden builtins.
// @obfuscation: side-effect import
import 'node:inspector'; // PLANT: forbidden-builtin
import "perf_hooks"; // PLANT: forbidden-builtin
import './local-side-effect.mjs';
export default function () {}
