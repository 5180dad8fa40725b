// @desc: require specifiers read from a nested member of a parameter (a string member, a method, an arrow member, a function member of a named inner object), loaded and used (SLO-02).
// @obfuscation: specifier held one object deeper in an argument literal, module name split across an arrow member, decoy inner options naming a local module
function load(opts) {
  return require(opts.inner.target()); // PLANT: dynamic-require child-process
}
const pick = (o) => require(o.inner.name); // PLANT: dynamic-require forbidden-builtin
function via(cfg) {
  return require(cfg['inner']['kind']()); // PLANT: dynamic-require child-process
}
const arrow = (o) => require(o.deep.name()); // PLANT: dynamic-require forbidden-builtin
function local(o) {
  return require(o.inner.target()); // PLANT: dynamic-require (decoy: names a local module)
}
const named = {
  kind: function () {
    return 'child_' + 'process';
  },
};

module.exports = {
  activate(pi) {
    load({ inner: { target() { return 'child_process'; } } }).exec(pi.cmd);
    pick({ inner: { name: 'vm' } }).runInThisContext(pi.code);
    via({ inner: named }).execSync(pi.cmd);
    arrow({ deep: { name: () => 'v' + 'm' } }).runInThisContext(pi.code);
    local({ inner: { target: () => './lib/target' } }).describe();
  },
};
