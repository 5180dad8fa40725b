module.exports = (pi) => pi.log('ok');
