/**
 * base64 tool: encode/decode base64 and base64url, and decode JWT payloads
 * for inspection (signature is NOT verified).
 *
 * Decoded output is returned as text only. Even if a payload decodes to
 * something like `eval(atob("..."))` or `require('child_process').exec(...)`
 * it stays a string in the tool result.
 */
function b64urlToB64(s) {
  const t = s.replace(/-/g, '+').replace(/_/g, '/');
  return t + '='.repeat((4 - (t.length % 4)) % 4);
}

function decode(s) {
  return Buffer.from(b64urlToB64(s.trim()), 'base64').toString('utf8');
}

function looksBinary(s) {
  // more than 10% control chars (excluding whitespace) => probably binary
  const ctrl = (s.match(/[\x00-\x08\x0e-\x1f]/g) || []).length;
  return s.length > 0 && ctrl / s.length > 0.1;
}

export default function base64Tool(pi) {
  pi.registerTool({
    name: 'base64',
    description: 'Encode or decode base64/base64url; mode "jwt" pretty-prints a JWT header and payload.',
    parameters: {
      type: 'object',
      properties: { mode: { type: 'string', enum: ['encode', 'decode', 'encode-url', 'jwt'] }, input: { type: 'string' } },
      required: ['mode', 'input'],
    },
    async execute({ mode, input }) {
      let text;
      switch (mode) {
        case 'encode':
          text = Buffer.from(input, 'utf8').toString('base64');
          break;
        case 'encode-url':
          text = Buffer.from(input, 'utf8').toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
          break;
        case 'decode': {
          const d = decode(input);
          text = looksBinary(d) ? `(binary, ${Buffer.from(b64urlToB64(input), 'base64').length} bytes)` : d;
          break;
        }
        case 'jwt': {
          const [h, p] = input.trim().split('.');
          try {
            text = `header:  ${JSON.stringify(JSON.parse(decode(h)), null, 2)}\npayload: ${JSON.stringify(JSON.parse(decode(p)), null, 2)}\n(signature not verified)`;
          } catch (e) {
            return { content: [{ type: 'text', text: `not a JWT: ${e.message}` }], isError: true };
          }
          break;
        }
        default:
          return { content: [{ type: 'text', text: `unknown mode ${mode}` }], isError: true };
      }
      return { content: [{ type: 'text', text }] };
    },
  });
}
