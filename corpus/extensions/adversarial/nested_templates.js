// @desc: Forbidden requires buried in nested template-literal substitutions with braces and strings.
// @obfuscation: nested templates
module.exports = (pi) => {
  const banner = `a ${ { k: `b ${ "}" } c` }.k } d`;
  const loaded = `x ${ require(`net`) ? 'yes' : 'no' } y`; // PLANT: forbidden-builtin
  const deeper = `1 ${ `2 ${ `3 ${ require('node:tls') }` }` } 4`; // PLANT: forbidden-builtin
  pi.log(banner + loaded + deeper);
};
