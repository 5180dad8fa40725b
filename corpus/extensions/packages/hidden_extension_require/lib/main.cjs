const helper = require('./helper.dat');
module.exports = (pi) => pi.log(String(helper));
