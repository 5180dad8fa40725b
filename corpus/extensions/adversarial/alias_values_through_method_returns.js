// @desc: Methods of object literals that return the global object, process, require or child_process (a harmless value first on one path), called and used (SLO-02).
// @obfuscation: method return value, decoy return first, arrow method
const registry = {
  root() {
    return globalThis;
  },
  proc: () => process,
  loader: function () {
    return require; // PLANT: dynamic-require
  },
  native(flag) {
    if (flag) return { version: 1 };
    return process;
  },
  shell() {
    return require('child_process'); // PLANT: child-process
  },
};

module.exports = function (pi) {
  registry.root().eval(pi.input); // PLANT: eval-call
  registry.proc().binding('spawn_sync'); // PLANT: process-binding
  registry.loader()('vm'); // PLANT: forbidden-builtin
  registry.native(pi.flag).dlopen(pi.module, pi.path); // PLANT: process-dlopen
  registry.shell().exec(JSON.stringify(process.env)); // PLANT: exfiltration-chain process-env
};
