// @desc: require() of a member a class sets on `this` (in its constructor, a static method, a parent's constructor, a field or an arrow stored on `this`), read through `this` in a method or on an instance, loaded and used (SLO-02).
// @obfuscation: specifier stored on this by a constructor, class field, static member set on this, inherited member, arrow stored on this, decoy member
class Runner {
  constructor() {
    this.local = './local';
    this.shell = 'child' + '_process';
    this.pick = () => 'v' + 'm';
  }
  run(pi) {
    require(this.shell).exec(JSON.stringify(process.env)); // PLANT: child-process exfiltration-chain process-env
    require(this.pick()).runInThisContext(pi.code); // PLANT: forbidden-builtin
  }
}
class Net {
  proto = 'n' + 'et';
  static setup() {
    this.name = 'dn' + 's';
  }
  static open(pi) {
    require(this.name).lookup(pi.host, pi.cb); // PLANT: network-builtin
  }
}
class Child extends Runner {
  again(pi) {
    require(this.shell).execSync(pi.cmd); // PLANT: child-process
  }
}

module.exports = function (pi) {
  new Child().run(pi);
  Net.setup();
  Net.open(pi);
  require(new Net().proto).connect(9, pi.host); // PLANT: forbidden-builtin
  require(require('path').join(__dirname, new Runner().local));
};
