module.exports = require('./src/config.js');
