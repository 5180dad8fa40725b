// @desc: require() of a string returned by a method assigned to a constructor's prototype (one by one, as an object, an arrow) or inherited through class extends (two levels, static too), called on an instance and used (SLO-02).
// @obfuscation: prototype method, prototype object, inherited method, inherited static method, two-level extends
function Base() {}
Base.prototype.mod = function () {
  return 'child_process';
};
function Other() {}
Other.prototype = {
  mod() {
    return 'v' + 'm';
  },
};
class Plugin extends Base {}
class Deep extends Plugin {}
class Tools {
  static name2() {
    return 'net';
  }
}
class MoreTools extends Tools {}

module.exports = function (pi) {
  require(new Base().mod()).exec(JSON.stringify(process.env)); // PLANT: child-process exfiltration-chain process-env
  const o = new Other();
  require(o.mod()).runInThisContext(pi.code); // PLANT: forbidden-builtin
  require(new Plugin().mod()).execSync(pi.cmd); // PLANT: child-process
  require(new Deep().mod()).spawn(pi.cmd); // PLANT: child-process
  require(MoreTools.name2()).connect(9, pi.host); // PLANT: forbidden-builtin
};
