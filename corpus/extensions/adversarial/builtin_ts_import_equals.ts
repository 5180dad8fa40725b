// @desc: TypeScript import-equals-require form loading vm and cluster.
// @obfuscation: TypeScript import = require
import vm = require("vm"); // PLANT: forbidden-builtin
import cl = require('node:cluster'); // PLANT: forbidden-builtin

export default function (pi: any) {
  pi.log(String(vm.runInThisContext(pi.code)) + cl.isPrimary);
}
