// @desc: Contextual keywords used as variable names before a slash (sloppy-mode CommonJS), hiding eval and a forbidden require.
// @obfuscation: `of`, `async`, `type` and `await` as identifiers before `/`
var of = 2, async = 3, type = 4, await = 5;
const a = async / eval(process.argv[2]) / 1; // PLANT: eval-call
const b = of / require('vm').runInThisContext(process.argv[3]) / 2; // PLANT: forbidden-builtin
const c = type / (0, eval)(process.argv[4]) / await; // PLANT: eval-call
module.exports = { a, b, c };
