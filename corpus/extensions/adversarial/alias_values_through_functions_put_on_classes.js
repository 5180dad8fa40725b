// @desc: require() of what named functions put on a prototype or a class later return, and require stored on `this` of a class expression bound to no name, loaded and used (SLO-02).
// @obfuscation: named function put on a prototype, arrow variable put on a class, require stored on this of an unbound class, decoy function
function transport() {
  return 'child_' + 'process';
}
const engine = () => 'v' + 'm';
function cache() {
  return './cache';
}
class Host {}
Host.prototype.transport = transport;
Host.engine = engine;
Host.cache = cache;

module.exports = class {
  constructor() {
    this.load = require;
  }
  activate(pi) {
    require(new Host().transport()).exec(JSON.stringify(process.env)); // PLANT: child-process exfiltration-chain process-env
    require(Host.engine()).runInThisContext(pi.code); // PLANT: forbidden-builtin
    this.load('d' + 'ns').lookup(pi.host, pi.cb); // PLANT: network-builtin
    require(Host.cache());
  }
};
