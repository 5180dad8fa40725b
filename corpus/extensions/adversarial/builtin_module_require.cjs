// @desc: Loads builtins through module.require, process.mainModule.require and Module._load.
// @obfuscation: alternative loader entry points
const a = module.require('vm'); // PLANT: forbidden-builtin
const b = process.mainModule.require('tls'); // PLANT: forbidden-builtin
const c = module.constructor._load('net'); // PLANT: forbidden-builtin
module.exports = (pi) => pi.log([a, b, c].length + '');
