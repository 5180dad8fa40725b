// @desc: require specifiers bound by a declaration's object or array pattern (a member assigned after the literal, a renamed key, array elements concatenated, a pattern over a parameter), loaded and used (SLO-02).
// @obfuscation: specifier taken out of an object by destructuring, module name split across destructured array elements, decoy pattern naming a local module
const opts = {};
opts.engine = 'vm';
const { engine } = opts;
const [head, tail] = ['child_', 'process'];
const { target: where } = { target: 'v' + 'm' };
function load(cfg) {
  const { mod } = cfg;
  return require(mod); // PLANT: dynamic-require child-process
}
const { local } = { local: './lib/target' };

module.exports = {
  activate(pi) {
    require(engine).runInThisContext(pi.code); // PLANT: dynamic-require forbidden-builtin
    require(head + tail).exec(pi.cmd); // PLANT: dynamic-require child-process
    require(where).runInThisContext(pi.code); // PLANT: dynamic-require forbidden-builtin
    load({ mod: 'child_process' }).execSync(pi.cmd);
    require(local).describe(); // PLANT: dynamic-require (decoy: names a local module)
  },
};
