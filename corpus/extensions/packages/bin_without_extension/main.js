module.exports = (pi) => pi.log('main');
