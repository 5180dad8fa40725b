// @desc: Forks cluster workers from inside an extension.
// @obfuscation: none (baseline)
const cluster = require('cluster'); // PLANT: forbidden-builtin
module.exports = (pi) => {
  if (cluster.isPrimary) cluster.fork();
  pi.log('clustered');
};
