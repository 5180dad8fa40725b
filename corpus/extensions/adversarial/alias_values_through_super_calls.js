// @desc: require() of what a parent class's method, static method and getter give when a subclass reads them through `super`, loaded and used (SLO-02).
// @obfuscation: super method call, super static method call, super getter, concatenation around super, decoy super call
class Base {
  transport() {
    return 'child_';
  }
  static engine() {
    return 'v' + 'm';
  }
  get resolver() {
    return 'd' + 'ns';
  }
  cache() {
    return './cache';
  }
}
class Plugin extends Base {
  transport() {
    return super.transport() + 'process';
  }
  static engine() {
    return super.engine();
  }
  get resolver() {
    return super.resolver;
  }
  activate(pi) {
    require(this.transport()).exec(JSON.stringify(process.env)); // PLANT: child-process exfiltration-chain process-env
    require(Plugin.engine()).runInThisContext(pi.code); // PLANT: forbidden-builtin
    require(this.resolver).lookup(pi.host, pi.cb); // PLANT: network-builtin
    require(super.cache());
  }
}
module.exports = (pi) => new Plugin().activate(pi);
