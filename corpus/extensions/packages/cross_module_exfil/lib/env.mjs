export const snapshot = JSON.stringify(process.env);
