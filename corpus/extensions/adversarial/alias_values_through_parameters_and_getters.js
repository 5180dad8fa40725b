// @desc: require() of a parameter of a named function given a dangerous builtin by one of its calls (a local path given first), and of strings returned by getters of an object literal, a class's instances, a class and an inherited getter, loaded and used (SLO-02).
// @obfuscation: specifier through a function parameter, decoy call first, object getter, instance getter, static getter, inherited getter
function load(name) {
  return require(name); // PLANT: child-process
}
const loadAt = (i, name) => require(name); // PLANT: forbidden-builtin
const names = {
  get shell() {
    return 'chi' + 'ld_process';
  },
};
class Base {
  get vm() {
    return 'vm';
  }
  static get net() {
    return 'net';
  }
}
class Derived extends Base {}

module.exports = function (pi) {
  load('./local');
  load('child_process').exec(JSON.stringify(process.env)); // PLANT: exfiltration-chain process-env
  loadAt(0, './other');
  loadAt(1, 'vm').runInThisContext(pi.code);
  require(names.shell).execSync(pi.cmd); // PLANT: child-process
  require(new Base().vm).runInNewContext(pi.code); // PLANT: forbidden-builtin
  require(Base.net).connect(9, pi.host); // PLANT: forbidden-builtin
  const d = new Derived();
  require(d.vm).runInThisContext(pi.code); // PLANT: forbidden-builtin
};
