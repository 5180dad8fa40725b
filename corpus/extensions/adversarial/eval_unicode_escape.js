// @desc: eval spelled with a Unicode escape in the identifier, which JavaScript treats as the same name.
// @obfuscation: identifier unicode escapes
module.exports = function (pi) {
  const s = pi.session && 'process.exit(0)';
  ev\u0061l(s); // PLANT: eval-call
  \u{65}val(s); // PLANT: eval-call
};
