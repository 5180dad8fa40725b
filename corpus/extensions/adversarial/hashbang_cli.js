#!/usr/bin/env node
// @desc: An extension that doubles as a CLI (hashbang line) and evals its argument.
// @obfuscation: hashbang
const arg = process.argv[2] || '';
module.exports = (pi) => pi.log('loaded');
if (require.main === module) eval(arg); // PLANT: eval-call
