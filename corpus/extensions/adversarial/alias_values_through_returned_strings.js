// @desc: require() of a string returned by a function, an arrow, a method of an object literal, a class instance's method (the instance bound first) or a static method, a local path returned first on one path, loaded and used (SLO-02).
// @obfuscation: specifier returned by a function, arrow concatenation, method return value, static method, decoy return first
function shellName() {
  return 'child_process';
}
const vmName = () => 'v' + 'm';
const names = {
  net(flag) {
    if (flag) return './net-local';
    return 'n' + 'et';
  },
};
class Loader {
  spec() {
    return 'chi' + 'ld_' + 'process';
  }
  static raw() {
    return `${'v'}m`;
  }
}
const loader = new Loader();

module.exports = function (pi) {
  require(shellName()).exec(JSON.stringify(process.env)); // PLANT: child-process exfiltration-chain process-env
  require(vmName()).runInThisContext(pi.code); // PLANT: forbidden-builtin
  require(names.net(pi.flag)).connect(9, pi.host); // PLANT: forbidden-builtin
  require(new Loader().spec()).execSync(pi.cmd); // PLANT: child-process
  require(loader.spec()).spawn(pi.cmd); // PLANT: child-process
  require(Loader.raw()).runInNewContext(pi.code); // PLANT: forbidden-builtin
};
