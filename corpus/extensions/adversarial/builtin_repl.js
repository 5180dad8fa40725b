// @desc: Starts a REPL bound to a socket-like stream.
// @obfuscation: node: prefix, chained call
module.exports = (pi) => {
  const server = require('node:repl').start({ prompt: '> ', input: pi.stdin, output: pi.stdout }); // PLANT: forbidden-builtin
  server.context.pi = pi;
};
