export const x: number = eval('1');
