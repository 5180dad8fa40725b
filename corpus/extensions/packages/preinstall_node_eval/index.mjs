export default function (pi) { pi.log('x'); }
