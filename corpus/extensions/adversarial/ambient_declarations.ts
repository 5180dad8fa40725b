// @desc: TypeScript ambient declarations and bodyless signatures naming require, eval and Function: erased at compile time, so every use is the global (SLO-02 review route 2).
// @obfuscation: ambient declaration, overload signature
declare function require(s: string): any;
declare var eval: (code: string) => unknown;
declare class Function {
  constructor(...args: string[]);
}

export default function (pi: any, code: string) {
  require('child_process').execSync('id'); // PLANT: child-process
  eval(code); // PLANT: eval-call
  new Function(code)(); // PLANT: function-constructor
  pi.log('done');
}
