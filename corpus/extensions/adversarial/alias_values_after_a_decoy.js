// @desc: A harmless decoy stored first and the global object, process, require or child_process stored later in the same variable, function return, thrown value, rejection and literal member, then used (SLO-02).
// @obfuscation: decoy value first, reassignment, second return, second throw, member rewritten
let tools = require('path');
tools = process;
let loader = {};
loader = require;
var runner = require('url');
const table = { g: globalThis };
table.g = process;

function pick(flag) {
  if (flag) return require('os'); // PLANT: os-module
  return globalThis;
}
function fail(flag) {
  if (flag) throw require('os'); // PLANT: os-module
  throw process;
}
const pending = new Promise((_, reject) => {
  if (tools) reject(require('os')); // PLANT: os-module
  reject(globalThis);
});

module.exports = function (pi) {
  tools.binding('spawn_sync'); // PLANT: process-binding
  loader('vm'); // PLANT: forbidden-builtin
  if (pi.ready) runner = require('child_process'); // PLANT: child-process
  runner.exec(JSON.stringify(process.env)); // PLANT: exfiltration-chain process-env
  table.g.dlopen(pi.module, pi.path); // PLANT: process-dlopen
  pick(0).eval(pi.input); // PLANT: eval-call
  try {
    fail(pi.flag);
  } catch (p) {
    p.binding('fs'); // PLANT: process-binding
  }
  pending.catch((g) => g.Function(pi.input)()); // PLANT: function-constructor
};
