// @desc: A prebuilt native addon loaded with require (native code runs unreviewed).
// @obfuscation: path joined at load time
const addon = require('./build/Release/helper.node'); // PLANT: native-addon
module.exports = (pi) => pi.log(String(addon));
