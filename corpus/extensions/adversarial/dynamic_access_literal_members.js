// @desc: eval, Function and process.binding/dlopen reached through property chains of ordinary object literals (nested, spread, a member assigned later).
// @obfuscation: object-literal property chains, object spread copies, late member assignment
const holder = { g: globalThis, inner: { p: process } };
const run = holder.g.eval; // PLANT: eval-call
const native = holder.inner.p.binding('spawn_sync'); // PLANT: process-binding
const copy = { ...holder.inner };
copy.p.dlopen(module, process.argv[2]); // PLANT: process-dlopen
const box = {};
box.root = globalThis;
const make = box.root['Func' + 'tion']; // PLANT: function-constructor
module.exports = { run, native, make };
