// @desc: require specifiers read inside with blocks (and as members) whose object literal, bound to a name, has the member changed by a later assignment (a dotted member, a constant computed key, an object first empty, an object passed to a function holding the with), loaded and used (SLO-02).
// @obfuscation: with statement, member changed after the literal, computed key held in a constant, decoy member changed to a local module
const host = { mod: './lib/host' };
host.mod = 'child_' + 'process';
const sandbox = {};
const key = 'mod';
sandbox[key] = 'v' + 'm';
const opts = { mod: './lib/opts' };
opts['mod'] = 'child_process';
const plain = { mod: './lib/plain' };
plain.mod = './lib/other';
function loadWith(o) {
  with (o) {
    return require(mod); // PLANT: dynamic-require child-process
  }
}

module.exports = {
  activate(pi) {
    with (host) {
      require(mod).exec(pi.cmd); // PLANT: dynamic-require child-process
    }
    with (sandbox) {
      require(mod).runInThisContext(pi.code); // PLANT: dynamic-require forbidden-builtin
    }
    loadWith(opts).execSync(pi.cmd);
    with (plain) {
      pi.log(require(mod).describe()); // PLANT: dynamic-require (decoy: changed to a local module)
    }
  },
};
