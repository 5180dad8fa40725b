// @desc: require specifiers bound by destructuring with a default, a nested pattern, an array rest, a constant computed key, and by assignment patterns, loaded and used (SLO-02).
// @obfuscation: specifier given as a destructuring default, module name taken out of a nested pattern, array rest shifting positions, computed pattern key, assignment patterns
const { engine = 'vm' } = {};
const settings = { runtime: { spawn: 'child_process' } };
const { runtime: { spawn } } = settings;
const [, ...others] = ['./lib/noop', 'v' + 'm'];
const { ['tar' + 'get']: loader } = { target: 'child_process' };
let head, tail;
[head, tail] = ['child_', 'process'];
let mod;
({ mod } = { mod: 'vm' });
const { local = './lib/plugin' } = {};

module.exports = {
  activate(pi) {
    require(engine).runInThisContext(pi.code); // PLANT: dynamic-require forbidden-builtin
    require(spawn).exec(pi.cmd); // PLANT: dynamic-require child-process
    require(others[0]).runInThisContext(pi.code); // PLANT: dynamic-require forbidden-builtin
    require(loader).execSync(pi.cmd); // PLANT: dynamic-require child-process
    require(head + tail).spawn(pi.cmd); // PLANT: dynamic-require child-process
    require(mod).runInNewContext(pi.code); // PLANT: dynamic-require forbidden-builtin
    require(local).describe(); // PLANT: dynamic-require (decoy: names a local module)
  },
};
