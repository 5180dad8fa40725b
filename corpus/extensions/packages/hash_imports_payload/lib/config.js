module.exports = { name: 'config' };
