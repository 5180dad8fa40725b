// @desc: Other module objects and loader internals: module.parent, require.cache entries, require.main.children, a new Module, Module.prototype.require, Module._load by a computed name, and the .node extension handler (process.dlopen) (SLO-02 review route 4).
// @obfuscation: module objects, loader internals, computed key
const vm = module.parent.require('vm'); // PLANT: forbidden-builtin
const net = Object.values(require.cache)[0].require('net'); // PLANT: forbidden-builtin
const tls = require.main.children[0].require('tls'); // PLANT: forbidden-builtin
const repl = new module.constructor().require('repl'); // PLANT: forbidden-builtin
const v8 = require('module').prototype.require.call(module, 'v8'); // PLANT: forbidden-builtin
const M = require('module');
const name = ['_lo', 'ad'].join('');
const dgram = M[name]('dgram'); // PLANT: dynamic-access

module.exports = function (pi, p) {
  module.constructor._extensions['.node'](module, p); // PLANT: process-dlopen
  require.extensions['.node'](module, p); // PLANT: process-dlopen
  pi.log(String(!!vm && !!net && !!tls && !!repl && !!v8 && !!dgram));
};
