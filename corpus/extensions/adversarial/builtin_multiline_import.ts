// @desc: Static imports of forbidden builtins spread over many lines with comments between tokens.
// @obfuscation: whitespace, comments and newlines between tokens
import
  /* the default */ vmDefault,
  {
    // named
    Script,
    createContext as cc,
  }
  from
  // the specifier is on the next line
  'node:vm'; // PLANT: forbidden-builtin

import * /* star */ as /* as */ inspector /* name */ from /* from */ "inspector"; // PLANT: forbidden-builtin

export default function (pi: any) {
  const s = new Script(pi.code);
  s.runInContext(cc({}));
  pi.log(String(vmDefault) + inspector);
}
