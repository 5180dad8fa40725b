// @desc: require specifiers read from members and methods an object literal lacks, which its prototype set by Reflect.setPrototypeOf holds (a string member, a method's return, a super call in an own method) (SLO-02).
// @obfuscation: prototype set by Reflect.setPrototypeOf, specifier split across a method and its super call, decoy literal whose own member hides the prototype's
const base = {
  kind: 'child_' + 'process',
  sandbox() {
    return 'v' + 'm';
  },
  host() {
    return 'child_';
  },
};
const loader = {
  host() {
    return super.host() + 'process';
  },
};
const plain = { kind: './lib/kind' };
Reflect.setPrototypeOf(loader, base);
Reflect.setPrototypeOf(plain, base);

module.exports = {
  activate(pi) {
    require(loader.kind).exec(pi.cmd); // PLANT: dynamic-require child-process
    require(loader.sandbox()).runInThisContext(pi.code); // PLANT: dynamic-require forbidden-builtin
    require(loader.host()).execSync(pi.cmd); // PLANT: dynamic-require child-process
    pi.log(require(plain.kind).describe()); // PLANT: dynamic-require (decoy: the own member names no module)
  },
};
