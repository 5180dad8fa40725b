// @desc: require() of a string a for-of loop builds by adding each element of an array (`s += p`, `s = s + p`, an array pushed to first) to an initializer, loaded and used (SLO-02).
// @obfuscation: string accumulated over a for-of loop, s = s + p, array pushed before the loop, decoy local path built the same way
const parts = ['pro', 'cess'];
const vmParts = ['v'];
vmParts.push('m');

module.exports = function (pi) {
  let local = '.';
  for (const p of ['/lib', '/x']) local += p;
  require(local);
  let s = 'child_';
  for (const p of parts) {
    s += p;
  }
  require(s).exec(JSON.stringify(process.env)); // PLANT: child-process exfiltration-chain process-env
  let v = '';
  for (const p of vmParts) v = v + p;
  require(v).runInThisContext(pi.code); // PLANT: forbidden-builtin
};
