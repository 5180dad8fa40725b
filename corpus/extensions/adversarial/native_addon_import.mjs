// @desc: A native addon loaded through createRequire from an ES module.
// @obfuscation: createRequire alias
import { createRequire } from 'node:module';
const load = createRequire(import.meta.url);
const bin = load('../prebuilds/linux-x64/core.node'); // PLANT: native-addon
export default bin;
