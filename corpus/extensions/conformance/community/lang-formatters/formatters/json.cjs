"use strict";
// JSON: 2-space indent, trailing newline. JSON.parse only (never eval).
exports.format = (text) => JSON.stringify(JSON.parse(text), null, 2) + "\n";
