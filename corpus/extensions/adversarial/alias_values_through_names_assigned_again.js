// @desc: require() of a variable assigned again after its declaration: plainly, joined by +=, in a branch, in a switch, in a function, loaded and used (SLO-02).
// @obfuscation: variable assigned again, string joined by +=, assignment in a branch, assignment in a switch, assignment in a function, decoy initializer
let mod = './cache';
mod = 'child_' + 'process';
let vmName = 'v';
vmName += 'm';
let lookup = './resolver';
if (process.platform !== 'win32') {
  lookup = 'd' + 'ns';
}
let transport;
switch (process.arch) {
  case 'arm':
    transport = './local';
    break;
  default:
    transport = 'n' + 'et';
}
let target = './plain';
function configure() {
  target = 'h' + 'ttps';
}

module.exports = function (pi) {
  configure();
  require(mod).exec(JSON.stringify(process.env)); // PLANT: child-process exfiltration-chain process-env
  require(vmName).runInThisContext(pi.code); // PLANT: forbidden-builtin
  require(lookup).lookup(pi.host, pi.cb); // PLANT: network-builtin
  require(transport).connect(9, pi.host); // PLANT: forbidden-builtin
  require(target).get(pi.url); // PLANT: network-builtin
};
