const run = require('./runner');
module.exports = (pi) => run(pi);
