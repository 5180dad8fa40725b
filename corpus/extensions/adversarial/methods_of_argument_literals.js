// @desc: require specifiers returned by methods of object literals passed as arguments and called through the parameter (a method, an arrow member, a function member of a named options object, a method reading this), loaded and used (SLO-02).
// @obfuscation: specifier returned by a method of an argument literal, module name split across a method and a sibling member, decoy options whose method names a local module
function load(opts) {
  return require(opts.target()); // PLANT: dynamic-require child-process
}
const pick = (o) => require(o.name()); // PLANT: dynamic-require forbidden-builtin
function via(cfg) {
  return require(cfg['kind']()); // PLANT: dynamic-require child-process
}
function joined(o) {
  return require(o.name()); // PLANT: dynamic-require forbidden-builtin
}
function local(o) {
  return require(o.target()); // PLANT: dynamic-require (decoy: names a local module)
}
const named = {
  kind: function () {
    return 'child_' + 'process';
  },
};

module.exports = {
  activate(pi) {
    load({ target() { return 'child_process'; } }).exec(pi.cmd);
    pick({ name: () => 'v' + 'm' }).runInThisContext(pi.code);
    via(named).execSync(pi.cmd);
    joined({ base: 'v', name() { return this.base + 'm'; } }).runInThisContext(pi.code);
    local({ target: () => './lib/target' }).describe();
  },
};
