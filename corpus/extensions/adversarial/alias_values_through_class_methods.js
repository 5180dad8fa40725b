// @desc: Class methods (instance, static, getter, arrow field) and methods assigned later to an object that return the global object, process, require or child_process (a harmless value first on one path), called and used (SLO-02).
// @obfuscation: class method return value, static method, getter, method assigned later, decoy return first
const early = new Loader();

class Loader {
  root() {
    return globalThis;
  }
  static proc() {
    return process;
  }
  get native() {
    return process;
  }
  load = () => require; // PLANT: dynamic-require
  shell(flag) {
    if (flag) return { version: 1 };
    return require('child_process'); // PLANT: child-process
  }
}

const hooks = {};
hooks.env = () => process;
hooks['top'] = function (flag) {
  if (flag) return 'none';
  return globalThis;
};

module.exports = function (pi) {
  new Loader().root().eval(pi.input); // PLANT: eval-call
  Loader.proc().binding('spawn_sync'); // PLANT: process-binding
  new Loader().native.dlopen(pi.module, pi.path); // PLANT: process-dlopen
  early.load()('vm'); // PLANT: forbidden-builtin
  early.shell(pi.flag).exec(JSON.stringify(process.env)); // PLANT: exfiltration-chain process-env
  hooks.env().binding('fs'); // PLANT: process-binding
  hooks.top(pi.flag).eval(pi.code); // PLANT: eval-call
};
