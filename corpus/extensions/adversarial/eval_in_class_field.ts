// @desc: A class with a harmless method named eval, and a field initializer that really calls eval.
// @obfuscation: method-name decoy next to a real call
export class Calculator {
  private history: string[] = [];
  eval(expr: string): number {
    return Number(expr);
  }
  static evaluate(expr: string) {
    return expr.length;
  }
  boot = eval("this.history.push('x')"); // PLANT: eval-call
}

export default function (pi: any) {
  const c = new Calculator();
  pi.log(String(c.eval("2")));
}
