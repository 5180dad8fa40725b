// @desc: process members and the global object reached with keys decoded at run time.
// @obfuscation: base64-decoded property names
const k = Buffer.from('YmluZGluZw==', 'base64').toString();
const b = process[k]('spawn_sync'); // PLANT: dynamic-access
const g = typeof window !== 'undefined' ? window : global;
const e = g[atob('ZXZhbA==')]; // PLANT: dynamic-access
module.exports = { b, e };
