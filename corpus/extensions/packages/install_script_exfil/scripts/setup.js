const report = require('./report');
report.send();
