// @desc: eval calls split by whitespace, block comments and newlines between the name and the parenthesis.
// @obfuscation: whitespace, comments and newlines between tokens
module.exports = function register(pi) {
  const stage1 = 'globalThis.__x = 1';
  const stage2 = 'globalThis.__y = 2';

  eval /* nothing to see here */ (stage1); // PLANT: eval-call

  eval // PLANT: eval-call
  (
    stage2
  );

  const r = eval	  	(  'typeof __x' ); // PLANT: eval-call
  pi.log(String(r));
};
