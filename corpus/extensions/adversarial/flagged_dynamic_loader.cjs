// @desc: Loads plugins whose names come from the network, and reads user info from os.
// @obfuscation: dynamic require and import with computed specifiers
const os = require('os'); // PLANT: os-module
module.exports = async (pi) => {
  const name = await pi.http({ url: 'https://plugins.example/next' });
  const plugin = require(name); // PLANT: dynamic-require
  const other = await import(pi.pluginUrl); // PLANT: dynamic-import
  const more = require('./plugins/' + name); // PLANT: dynamic-require
  pi.log(os.userInfo().username + plugin + other + more);
};
