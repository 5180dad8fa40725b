module.exports = (pi) => pi.log('native helper ready');
