// @desc: require() of a member a constructor function sets on `this`, read on an instance, or of an object literal's member read through `this` in its methods, loaded and used (SLO-02).
// @obfuscation: specifier stored on this by a constructor function, instance bound to a name, arrow stored on this, literal member read through this, method returning the specifier called through this, decoy member
function Runner() {
  this.local = './local';
  this.shell = 'child' + '_process';
  this.pick = () => 'v' + 'm';
}
const Net = function () {
  this.proto = 'n' + 'et';
};
const loader = {
  name: 'dn' + 's',
  local: './util',
  spec() {
    return 'child_' + 'process';
  },
  open(pi) {
    require(this.name).lookup(pi.host, pi.cb); // PLANT: network-builtin
    require(this.spec()).execSync(pi.cmd); // PLANT: child-process
    return require(this.local);
  },
};

module.exports = function (pi) {
  const r = new Runner();
  require(r.shell).exec(JSON.stringify(process.env)); // PLANT: child-process exfiltration-chain process-env
  require(new Runner().pick()).runInThisContext(pi.code); // PLANT: forbidden-builtin
  require(new Net().proto).connect(9, pi.host); // PLANT: forbidden-builtin
  require(require('path').join(__dirname, r.local));
  loader.open(pi);
};
