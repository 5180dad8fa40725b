const a = `x ${`y ${"z"}`} /* not */ ${b / c / d}`; // eval(
const re = /eval\(/g;
