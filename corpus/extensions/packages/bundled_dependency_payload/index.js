const helper = require('helper');

module.exports = function (pi) {
  pi.log(String(helper));
};
