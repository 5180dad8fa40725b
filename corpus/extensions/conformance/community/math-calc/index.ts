/**
 * math-calc — a `calc` tool for exact-ish arithmetic the model shouldn't do
 * in its head. Implemented as a tokenizer + Pratt parser + tree evaluator.
 *
 * Why not eval()? Because `eval("2+2")` would also run `eval("fetch(...)")`.
 * Likewise `new Function("return " + expr)` is out. Everything below is a
 * closed interpreter over numbers: no identifiers other than the whitelisted
 * constants and functions can be referenced.
 *
 * Supported: + - * / % ^ (right assoc), unary -, parentheses, comparison
 * (< <= > >= == !=) yielding 1/0, function calls from FUNCS, constants pi/e/tau,
 * variables assigned in the same call with `name = expr; ...`.
 */
import type { ExtensionAPI } from "@pi/extension-api";
import { convert, listUnits, UnitError, type Dimension } from "./units";

// ---------------------------------------------------------------- tokens
enum T {
  Num,
  Ident,
  Op,
  LParen,
  RParen,
  Comma,
  Semi,
  Assign,
  End,
}

interface Token {
  t: T;
  v: string;
  pos: number;
}

const OPS = ["<=", ">=", "==", "!=", "+", "-", "*", "/", "%", "^", "<", ">"];

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (/[0-9.]/.test(c)) {
      const m = /^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?/i.exec(src.slice(i));
      if (!m) throw new CalcError(`bad number at ${i}`);
      out.push({ t: T.Num, v: m[0], pos: i });
      i += m[0].length;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_]\w*/.exec(src.slice(i))!;
      out.push({ t: T.Ident, v: m[0], pos: i });
      i += m[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op) {
      out.push({ t: T.Op, v: op, pos: i });
      i += op.length;
      continue;
    }
    const single: Record<string, T> = { "(": T.LParen, ")": T.RParen, ",": T.Comma, ";": T.Semi, "=": T.Assign };
    if (c in single) {
      out.push({ t: single[c], v: c, pos: i });
      i++;
      continue;
    }
    throw new CalcError(`unexpected character '${c}' at ${i}`);
  }
  out.push({ t: T.End, v: "", pos: src.length });
  return out;
}

// ---------------------------------------------------------------- AST
type Node =
  | { k: "num"; v: number }
  | { k: "var"; name: string }
  | { k: "neg"; e: Node }
  | { k: "bin"; op: string; l: Node; r: Node }
  | { k: "call"; fn: string; args: Node[] };

type Stmt = { k: "assign"; name: string; e: Node } | { k: "expr"; e: Node };

class CalcError extends Error {}

const BP: Record<string, [number, number]> = {
  "==": [1, 2], "!=": [1, 2],
  "<": [3, 4], "<=": [3, 4], ">": [3, 4], ">=": [3, 4],
  "+": [5, 6], "-": [5, 6],
  "*": [7, 8], "/": [7, 8], "%": [7, 8],
  "^": [10, 9], // right associative
};

class Parser {
  private i = 0;
  constructor(private toks: Token[]) {}

  private peek(): Token {
    return this.toks[this.i];
  }
  private next(): Token {
    return this.toks[this.i++];
  }
  private expect(t: T, what: string): Token {
    const tok = this.next();
    if (tok.t !== t) throw new CalcError(`expected ${what} at ${tok.pos}`);
    return tok;
  }

  program(): Stmt[] {
    const stmts: Stmt[] = [];
    while (this.peek().t !== T.End) {
      const a = this.toks[this.i];
      const b = this.toks[this.i + 1];
      if (a.t === T.Ident && b?.t === T.Assign) {
        this.i += 2;
        stmts.push({ k: "assign", name: a.v, e: this.expr(0) });
      } else {
        stmts.push({ k: "expr", e: this.expr(0) });
      }
      if (this.peek().t === T.Semi) this.next();
      else if (this.peek().t !== T.End) throw new CalcError(`unexpected '${this.peek().v}' at ${this.peek().pos}`);
    }
    return stmts;
  }

  private expr(minBp: number): Node {
    let lhs = this.prefix();
    for (;;) {
      const op = this.peek();
      if (op.t !== T.Op) break;
      const [lbp, rbp] = BP[op.v];
      if (lbp < minBp) break;
      this.next();
      lhs = { k: "bin", op: op.v, l: lhs, r: this.expr(rbp) };
    }
    return lhs;
  }

  private prefix(): Node {
    const tok = this.next();
    switch (tok.t) {
      case T.Num:
        return { k: "num", v: Number(tok.v) };
      case T.Op:
        if (tok.v === "-") return { k: "neg", e: this.expr(9) };
        if (tok.v === "+") return this.expr(9);
        break;
      case T.LParen: {
        const e = this.expr(0);
        this.expect(T.RParen, "')'");
        return e;
      }
      case T.Ident: {
        if (this.peek().t === T.LParen) {
          this.next();
          const args: Node[] = [];
          if (this.peek().t !== T.RParen) {
            do args.push(this.expr(0));
            while (this.peek().t === T.Comma && this.next());
          }
          this.expect(T.RParen, "')'");
          return { k: "call", fn: tok.v, args };
        }
        return { k: "var", name: tok.v };
      }
    }
    throw new CalcError(`unexpected '${tok.v || "end of input"}' at ${tok.pos}`);
  }
}

// ---------------------------------------------------------------- evaluator
const CONSTS: Record<string, number> = { pi: Math.PI, e: Math.E, tau: 2 * Math.PI };

const FUNCS: Record<string, (...a: number[]) => number> = {
  sqrt: Math.sqrt, cbrt: Math.cbrt, abs: Math.abs, floor: Math.floor, ceil: Math.ceil,
  round: (x, d = 0) => Math.round(x * 10 ** d) / 10 ** d,
  sin: Math.sin, cos: Math.cos, tan: Math.tan, asin: Math.asin, acos: Math.acos, atan: Math.atan,
  ln: Math.log, log10: Math.log10, log2: Math.log2, log: (x, b = 10) => Math.log(x) / Math.log(b),
  exp: Math.exp, min: Math.min, max: Math.max, hypot: Math.hypot,
  mean: (...xs) => xs.reduce((a, b) => a + b, 0) / xs.length,
  fact: (n) => {
    if (n < 0 || !Number.isInteger(n) || n > 170) throw new CalcError("fact() needs an integer 0..170");
    let r = 1;
    for (let i = 2; i <= n; i++) r *= i;
    return r;
  },
  gcd: (a, b) => {
    a = Math.abs(a);
    b = Math.abs(b);
    while (b) [a, b] = [b, a % b];
    return a;
  },
};

function evaluate(node: Node, vars: Map<string, number>, depth = 0): number {
  if (depth > 200) throw new CalcError("expression too deep");
  switch (node.k) {
    case "num":
      return node.v;
    case "var": {
      if (vars.has(node.name)) return vars.get(node.name)!;
      if (node.name in CONSTS) return CONSTS[node.name];
      throw new CalcError(`unknown name '${node.name}'`);
    }
    case "neg":
      return -evaluate(node.e, vars, depth + 1);
    case "call": {
      const fn = Object.prototype.hasOwnProperty.call(FUNCS, node.fn) ? FUNCS[node.fn] : undefined;
      if (!fn) throw new CalcError(`unknown function '${node.fn}'`);
      return fn(...node.args.map((a) => evaluate(a, vars, depth + 1)));
    }
    case "bin": {
      const l = evaluate(node.l, vars, depth + 1);
      const r = evaluate(node.r, vars, depth + 1);
      switch (node.op) {
        case "+": return l + r;
        case "-": return l - r;
        case "*": return l * r;
        case "/":
          if (r === 0) throw new CalcError("division by zero");
          return l / r;
        case "%": return l % r;
        case "^": return l ** r;
        case "<": return +(l < r);
        case "<=": return +(l <= r);
        case ">": return +(l > r);
        case ">=": return +(l >= r);
        case "==": return +(Math.abs(l - r) < 1e-12);
        case "!=": return +(Math.abs(l - r) >= 1e-12);
      }
    }
  }
  throw new CalcError("internal: unhandled node");
}

export function calc(src: string): { value: number; vars: Record<string, number> } {
  if (src.length > 2000) throw new CalcError("input too long");
  const stmts = new Parser(tokenize(src)).program();
  const vars = new Map<string, number>();
  let value = NaN;
  for (const s of stmts) {
    if (s.k === "assign") {
      if (s.name in CONSTS || s.name in FUNCS) throw new CalcError(`cannot assign to '${s.name}'`);
      value = evaluate(s.e, vars);
      vars.set(s.name, value);
    } else {
      value = evaluate(s.e, vars);
    }
  }
  return { value, vars: Object.fromEntries(vars) };
}

function pretty(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toString();
  return Number(n.toPrecision(15)).toString();
}

// ---------------------------------------------------------------- extension
export default function (pi: ExtensionAPI) {
  let evaluations = 0;

  pi.registerTool({
    name: "calc",
    description:
      "Evaluate arithmetic exactly. Supports + - * / % ^, comparisons, parentheses, " +
      "functions (" + Object.keys(FUNCS).join(", ") + "), constants pi/e/tau and `x = ...;` assignments.",
    parameters: { type: "object", properties: { expression: { type: "string" } }, required: ["expression"] },
    async execute({ expression }: { expression: string }) {
      try {
        const { value, vars } = calc(expression);
        evaluations++;
        const extra = Object.keys(vars).length ? `\n(${Object.entries(vars).map(([k, v]) => `${k}=${pretty(v)}`).join(", ")})` : "";
        return { content: [{ type: "text", text: `${pretty(value)}${extra}` }] };
      } catch (e) {
        if (e instanceof CalcError) return { content: [{ type: "text", text: `error: ${e.message}` }], isError: true };
        throw e;
      }
    },
  });

  pi.registerTool({
    name: "convert",
    description: "Convert between units, e.g. '3.5 km to mi', '72 F to C', '1.5 GiB to MB'. Pass list=<dimension> to see units.",
    parameters: {
      type: "object",
      properties: {
        query: { type: "string" },
        list: { type: "string", enum: ["length", "mass", "time", "data", "speed", "temperature", "area", "volume"] },
      },
    },
    async execute({ query, list }: { query?: string; list?: Dimension }) {
      if (list || !query) return { content: [{ type: "text", text: listUnits(list).join("\n") }] };
      try {
        return { content: [{ type: "text", text: convert(query).text }] };
      } catch (e) {
        if (e instanceof UnitError) return { content: [{ type: "text", text: `error: ${e.message}` }], isError: true };
        throw e;
      }
    },
  });

  pi.registerCommand("calc", {
    description: "Quick calculation: /calc 2^10 / 3",
    handler: async (args) => {
      try {
        pi.ui.notify(`${args.trim()} = ${pretty(calc(args).value)}`, "info");
      } catch (e) {
        pi.ui.notify(String((e as Error).message), "error");
      }
    },
  });

  pi.on("session_shutdown", () => pi.log("debug", `math-calc: ${evaluations} evaluations this session`));
}
