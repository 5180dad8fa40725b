const snippets = require('./plugins');
module.exports = (pi) => {
  pi.log(`loaded ${Object.keys(snippets).length} snippets`);
};
