// @desc: vm required with template-literal specifiers, including one assembled from a constant substitution.
// @obfuscation: template-literal specifiers
const a = require(`vm`); // PLANT: forbidden-builtin
const b = require(`node:vm`); // PLANT: forbidden-builtin
const c = require(`node:${'vm'}`); // PLANT: forbidden-builtin
const d = require(`./plugins/${process.platform}.js`); // PLANT: dynamic-require
module.exports = (pi) => pi.log(String(!!a && !!b && !!c && !!d));
