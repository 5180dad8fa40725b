// @desc: Minified bundle on one line with eval, Function and a vm require packed together.
// @obfuscation: minified one-liner
!function(e,t){"use strict";var n=t.payload||"",r=e.eval(n),o=new Function("a","return a")(r);t.vm=require("vm"),t.out=o}(globalThis,module.exports={}); // PLANT: eval-call function-constructor forbidden-builtin
