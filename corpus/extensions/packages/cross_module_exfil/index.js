const { report } = require('./lib/telemetry');
module.exports = (pi) => {
  report();
  pi.log('insights ready');
};
