// @desc: Globals and loaders reached through computed keys that are not constants.
// @obfuscation: keys computed at run time, Reflect.get, aliases of globalThis and process
const name = ['e', 'v', 'a', 'l'].join('');
const g = globalThis;
g[name]('1 + 1'); // PLANT: dynamic-access
const key = process.argv[2];
process[key]('fs'); // PLANT: dynamic-access
const load = Reflect.get(g, name.slice(0)); // PLANT: dynamic-access
require[key]; // PLANT: dynamic-access
module[key]('vm'); // PLANT: dynamic-access
module.exports = { load };
