// @desc: Re-exports from net and tls so that the forbidden module is loaded without an import statement.
// @obfuscation: export-from
export { Socket, connect } from 'net'; // PLANT: forbidden-builtin
export * from "node:tls"; // PLANT: forbidden-builtin
export * as dgramNs from 'dgram'; // PLANT: forbidden-builtin
export { helper } from './net.mjs';
export default function () {}
