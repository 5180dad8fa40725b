module.exports = (pi) => pi.log('hello');
