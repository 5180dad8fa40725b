// @desc: require() of a concatenation or template of choices bound to different names (two consts, a const and a function's return), every combination considered, the dangerous one never the first (SLO-02).
// @obfuscation: choices bound to names, combination outside the specifier, template of bound choices, function return choice
module.exports = function (pi) {
  const head = pi.a ? 'x' : 'chi';
  const rest = pi.b ? 'y' : 'ld_process';
  require(head + rest).exec(JSON.stringify(process.env)); // PLANT: child-process exfiltration-chain process-env
  const p = pi.c ? 'q' : 'v';
  const q = pi.d ? 'z' : 'm';
  require(`${p}${q}`).runInThisContext(pi.code); // PLANT: forbidden-builtin
  const n = pi.e ? 'p' : 'n';
  const tail = () => (pi.f ? 'ath' : 'et');
  require(n + tail()).connect(9, pi.host); // PLANT: forbidden-builtin
};
