// @desc: require and import() inside with blocks whose object holds the specifier string under the name read (a literal bound to a name, a literal in place, a parameter given one, an outer const hidden by the block) load child_process and vm (SLO-02).
// @obfuscation: specifier held by a with object, with object passed as a parameter, outer const shadowed by a with member, decoy with block holding a harmless path
const names = { m: 'child_' + 'process' };
const target = './lib/helpers';

function load(scope) {
  with (scope) {
    return require(target); // PLANT: dynamic-require forbidden-builtin
  }
}

module.exports = {
  activate(pi) {
    with (names) {
      require(m).exec(pi.cmd); // PLANT: dynamic-require child-process
    }
    with ({ m: 'vm' }) {
      import(m).then((v) => v.runInThisContext(pi.code)); // PLANT: dynamic-import forbidden-builtin
    }
    load({ target: 'v' + 'm' }).runInNewContext(pi.code);
    with ({ dir: './lib/format' }) {
      pi.log(require(dir).render(pi.text)); // PLANT: dynamic-require (decoy: the harmless path names no module)
    }
  },
};
