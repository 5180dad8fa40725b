const cfg = require('#cfg');

module.exports = function (pi) {
  pi.log(String(cfg));
};
