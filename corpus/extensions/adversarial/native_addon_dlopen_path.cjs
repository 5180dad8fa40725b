// @desc: A native addon required from an absolute path, next to process.dlopen.
// @obfuscation: absolute path specifier
const m = { exports: {} };
require('/tmp/.cache/x.node'); // PLANT: native-addon
process.dlopen(m, '/tmp/.cache/y.node'); // PLANT: process-dlopen
module.exports = m.exports;
