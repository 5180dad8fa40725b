// @desc: require specifiers read from an array or object literal returned by a method of an argument literal or by a function (joined, an element read, a member read, a result bound to a name), loaded and used (SLO-02).
// @obfuscation: module name split across an array a method returns, specifier held in an object a method returns, decoy array joined into a local path
function load(opts) {
  return require(opts.parts().join('')); // PLANT: dynamic-require child-process
}
const pick = (o) => require(o.cfg().name); // PLANT: dynamic-require forbidden-builtin
function nth(o) {
  return require(o.list()[1]); // PLANT: dynamic-require child-process
}
function settings() {
  return { engine: 'v' + 'm' };
}
function bound(o) {
  const c = o.cfg();
  return require(c.mod); // PLANT: dynamic-require forbidden-builtin
}
function local(o) {
  return require(o.parts().join('/')); // PLANT: dynamic-require (decoy: joins a local path)
}

module.exports = {
  activate(pi) {
    load({ parts() { return ['child_', 'process']; } }).exec(pi.cmd);
    pick({ cfg: () => ({ name: 'vm' }) }).runInThisContext(pi.code);
    nth({ list: () => ['./lib/a', 'child_process'] }).execSync(pi.cmd);
    require(settings().engine).runInThisContext(pi.code); // PLANT: dynamic-require forbidden-builtin
    bound({ cfg() { return { mod: 'vm' }; } }).runInThisContext(pi.code);
    local({ parts: () => ['.', 'lib', 'target'] }).describe();
  },
};
