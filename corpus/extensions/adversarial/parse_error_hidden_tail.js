// @desc: A file that does not parse: a broken construct before a payload (Node would refuse it, the scanner must not pass it).
// @obfuscation: syntax error designed to make a parser give up
const x = {;  // PLANT: parse-error
eval(process.argv[2]);
