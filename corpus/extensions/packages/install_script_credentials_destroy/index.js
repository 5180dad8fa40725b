module.exports = (pi) => pi.log('theme synced');
