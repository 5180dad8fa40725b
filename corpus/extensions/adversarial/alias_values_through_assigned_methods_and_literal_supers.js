// @desc: require, globalThis and module names from methods Object.assign copies onto a class or its prototype, and from super in an object literal's method, loaded and used (SLO-02).
// @obfuscation: methods copied onto a prototype, require copied onto a class, super through __proto__, super through setPrototypeOf, decoy mixin
function Transport() {}
Object.assign(Transport.prototype, {
  kind() {
    return 'child_' + 'process';
  },
  local() {
    return './transport';
  },
});
class Registry {}
Object.assign(Registry, { load: require });
const base = {
  scope() {
    return globalThis;
  },
  name() {
    return 'd' + 'ns';
  },
};
const view = {
  __proto__: base,
  name() {
    return super.name();
  },
};
const host = {
  scope() {
    return super.scope();
  },
};
Object.setPrototypeOf(host, base);

module.exports = {
  activate(pi) {
    require(new Transport().kind()).exec(JSON.stringify(process.env)); // PLANT: child-process exfiltration-chain process-env
    Registry.load('v' + 'm').runInThisContext(pi.code); // PLANT: forbidden-builtin
    require(view.name()).lookup(pi.host, pi.cb); // PLANT: network-builtin
    host.scope().eval(pi.code); // PLANT: eval-call
    require(new Transport().local());
  },
};
