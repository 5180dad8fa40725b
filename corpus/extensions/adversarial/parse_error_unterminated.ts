// @desc: An unterminated template in TypeScript: the file cannot be analysed and must fail closed.
// @obfuscation: unterminated template literal
export const t = `${eval(process.argv[2])} // PLANT: parse-error
