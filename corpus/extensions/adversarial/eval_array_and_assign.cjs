// @desc: the module loader, module and process carried in arrays and Object.assign copies, then used to load forbidden builtins and bindings.
// @obfuscation: Object.assign copy, array destructuring with holes, element-returning array methods
const bag = Object.assign({}, { load: module.require.bind(module) });
const vm = bag.load('vm'); // PLANT: forbidden-builtin
const [, owner] = [null, module];
const threads = owner.require('worker_threads'); // PLANT: forbidden-builtin
const picked = [process].pop();
const fsb = picked.binding('fs'); // PLANT: process-binding
module.exports = { vm, threads, fsb };
