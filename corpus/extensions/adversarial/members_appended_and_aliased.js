// @desc: require specifiers held by object members appended to with +=, assigned by a bare name inside a with block, or assigned through another name bound to the same literal, loaded and used (SLO-02).
// @obfuscation: member appended with +=, bare assignment inside with, member assigned through an alias, append inside with through an alias, decoy member appended a local path
const spawnCfg = { mod: 'child_' };
spawnCfg.mod += 'process';

const sandboxCfg = { mod: './sandbox' };
with (sandboxCfg) {
  mod = 'vm';
}

const netCfg = { mod: './net-stub' };
const netAlias = netCfg;
netAlias.mod = 'net';

const execCfg = { mod: 'child_' };
const execAlias = execCfg;
with (execAlias) {
  mod += 'process';
}

const viewCfg = { mod: './lib' };
viewCfg.mod += '/view';

module.exports = {
  activate(pi) {
    require(spawnCfg.mod).exec(pi.cmd); // PLANT: dynamic-require child-process
    require(sandboxCfg.mod).runInThisContext(pi.code); // PLANT: dynamic-require forbidden-builtin
    require(netCfg.mod).connect(9, pi.host); // PLANT: dynamic-require forbidden-builtin
    require(execCfg.mod).execSync(pi.cmd); // PLANT: dynamic-require child-process
    pi.log(require(viewCfg.mod).describe()); // PLANT: dynamic-require (decoy: a local path)
  },
};
