// @desc: require, globalThis and module names held only by the prototype of an object (Object.setPrototypeOf, Object.create, __proto__ in a literal, super in a literal's method), loaded and used (SLO-02).
// @obfuscation: prototype set by Object.setPrototypeOf, prototype given by Object.create, __proto__ in a literal, super through setPrototypeOf, decoy own member hiding the prototype's
const tools = {
  loader: require,
  scope: globalThis,
};
const shell = {};
Object.setPrototypeOf(shell, tools);
const named = Object.create({ mod: 'v' + 'm' });
const view = { __proto__: tools, scope: { eval() {} } };
const base = {
  name() {
    return 'd' + 'ns';
  },
};
const host = {
  name() {
    return super.name();
  },
};
Object.setPrototypeOf(host, base);

module.exports = {
  activate(pi) {
    shell.loader('child_process').exec(JSON.stringify(process.env)); // PLANT: child-process exfiltration-chain process-env
    require(named.mod).runInThisContext(pi.code); // PLANT: forbidden-builtin
    require(host.name()).lookup(pi.host, pi.cb); // PLANT: network-builtin
    shell.scope.eval(pi.code); // PLANT: eval-call
    view.scope.eval(pi.code);
  },
};
