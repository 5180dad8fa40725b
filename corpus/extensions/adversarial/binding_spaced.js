// @desc: process.binding with newlines and comments between every token.
// @obfuscation: whitespace, comments and newlines between tokens
module.exports = (pi) => {
  const a = process
    .binding('spawn_sync'); // PLANT: process-binding
  const b = process /* x */ . /* y */ binding /* z */ ('constants'); // PLANT: process-binding
  const c = process
    // comment between
    .
    binding('natives'); // PLANT: process-binding
  pi.log(String(!!a && !!b && !!c));
};
