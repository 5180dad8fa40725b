export default function (pi) { pi.log('esm'); }
