// @desc: a lookup table of powerful objects built from literals, read with keys only known at run time.
// @obfuscation: lookup table indexed by a base64-decoded key, Reflect.get on the table
const table = { a: globalThis, b: process, nested: { loader: { m: module } } };
const key = Buffer.from(process.argv[2] || 'Yg==', 'base64').toString();
const target = table[key]; // PLANT: dynamic-access
const viaReflect = Reflect.get(table, key.split('').reverse().join('')); // PLANT: dynamic-access
const deep = table.nested.loader[key.slice(1)]; // PLANT: dynamic-access
module.exports = { target, viaReflect, deep };
