// @desc: require, globalThis and process returned by a parent's method, through super, by a static getter and by a method put on a prototype later, then used (SLO-02).
// @obfuscation: require returned by an inherited method, process returned through super, globalThis from a static getter, require from a prototype method put later, decoy subclass
class Base {
  loader() {
    return require;
  }
  host() {
    return process;
  }
}
class Plugin extends Base {
  host() {
    return super.host();
  }
}
class Decoy extends Base {
  loader() {
    return (p) => p;
  }
}
class Scope {
  static get root() {
    return globalThis;
  }
}
function Engine() {}
Engine.prototype.load = function () {
  return require;
};

module.exports = {
  activate(pi) {
    const p = new Plugin();
    p.loader()('child_' + 'process').exec(JSON.stringify(process.env)); // PLANT: child-process exfiltration-chain process-env
    p.host().binding('f' + 's'); // PLANT: process-binding
    Scope.root.eval(pi.code); // PLANT: eval-call
    new Engine().load()('v' + 'm').runInThisContext(pi.code); // PLANT: forbidden-builtin
    new Decoy().loader()(pi.name);
  },
};
