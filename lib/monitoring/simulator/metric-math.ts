/**
 * A small evaluator of CloudWatch metric-math expressions, one period at a time: numbers,
 * metric ids, + − × ÷, comparisons, AND/OR, IF(c, a, b), FILL(m, v), SUM/MAX/MIN/AVG([..]).
 * Semantics follow https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html:
 * an arithmetic operation on a missing value has no value; FILL replaces a missing value; the
 * array functions skip missing values and have none when all are missing. Pure.
 */

/** A period's values by metric id; undefined is a missing datapoint. */
export type Values = Record<string, number | undefined>;

type Node =
  | { kind: 'num'; value: number }
  | { kind: 'id'; name: string }
  | { kind: 'bin'; op: string; left: Node; right: Node }
  | { kind: 'neg'; arg: Node }
  | { kind: 'call'; name: string; args: Node[] }
  | { kind: 'array'; items: Node[] };

export class MetricMathError extends Error {}

/** Parses once; the result evaluates any period's values. */
export function compileExpression(expression: string): (values: Values) => number | undefined {
  const tokens = tokenize(expression);
  let i = 0;
  const peek = () => tokens[i];
  const next = () => tokens[i++];
  const expect = (t: string) => {
    if (next() !== t) throw new MetricMathError(`Expression "${expression}": expected "${t}" at token ${i}.`);
  };
  const LEVELS: string[][] = [['OR'], ['AND'], ['==', '!=', '<=', '>=', '<', '>'], ['+', '-'], ['*', '/']];
  const parseLevel = (level: number): Node => {
    if (level === LEVELS.length) return parseUnary();
    let left = parseLevel(level + 1);
    while (peek() !== undefined && LEVELS[level].includes(peek()!.toUpperCase())) {
      const op = next()!.toUpperCase();
      left = { kind: 'bin', op, left, right: parseLevel(level + 1) };
    }
    return left;
  };
  const parseUnary = (): Node => {
    if (peek() === '-') {
      next();
      return { kind: 'neg', arg: parseUnary() };
    }
    return parsePrimary();
  };
  const parsePrimary = (): Node => {
    const t = next();
    if (t === undefined) throw new MetricMathError(`Expression "${expression}" ends early.`);
    if (t === '(') {
      const inner = parseLevel(0);
      expect(')');
      return inner;
    }
    if (t === '[') {
      const items: Node[] = [];
      while (peek() !== ']') {
        items.push(parseLevel(0));
        if (peek() === ',') next();
      }
      expect(']');
      return { kind: 'array', items };
    }
    if (/^\d/.test(t)) return { kind: 'num', value: Number(t) };
    if (peek() === '(') {
      next();
      const args: Node[] = [];
      while (peek() !== ')') {
        args.push(parseLevel(0));
        if (peek() === ',') next();
      }
      expect(')');
      return { kind: 'call', name: t.toUpperCase(), args };
    }
    return { kind: 'id', name: t };
  };
  const root = parseLevel(0);
  if (i !== tokens.length) throw new MetricMathError(`Expression "${expression}": unexpected "${tokens[i]}".`);
  return (values) => evaluate(root, values, expression);
}

function evaluate(node: Node, values: Values, expression: string): number | undefined {
  const ev = (n: Node) => evaluate(n, values, expression);
  switch (node.kind) {
    case 'num':
      return node.value;
    case 'id':
      if (!(node.name in values)) throw new MetricMathError(`Expression "${expression}" uses "${node.name}", which is not one of its metrics.`);
      return values[node.name];
    case 'neg': {
      const v = ev(node.arg);
      return v === undefined ? undefined : -v;
    }
    case 'bin': {
      const a = ev(node.left);
      const b = ev(node.right);
      if (a === undefined || b === undefined) return undefined;
      return binary(node.op, a, b);
    }
    case 'array':
      throw new MetricMathError(`Expression "${expression}": an array is only allowed as a function argument.`);
    case 'call':
      return call(node, values, expression);
  }
}

function binary(op: string, a: number, b: number): number | undefined {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return b === 0 ? undefined : a / b;
    case '<': return a < b ? 1 : 0;
    case '>': return a > b ? 1 : 0;
    case '<=': return a <= b ? 1 : 0;
    case '>=': return a >= b ? 1 : 0;
    case '==': return a === b ? 1 : 0;
    case '!=': return a !== b ? 1 : 0;
    case 'AND': return a !== 0 && b !== 0 ? 1 : 0;
    case 'OR': return a !== 0 || b !== 0 ? 1 : 0;
  }
  return undefined;
}

function call(node: Extract<Node, { kind: 'call' }>, values: Values, expression: string): number | undefined {
  const ev = (n: Node) => evaluate(n, values, expression);
  switch (node.name) {
    case 'FILL': {
      const v = ev(node.args[0]);
      return v !== undefined ? v : ev(node.args[1]);
    }
    case 'IF': {
      const c = ev(node.args[0]);
      if (c === undefined) return undefined;
      return c !== 0 ? ev(node.args[1]) : node.args[2] ? ev(node.args[2]) : undefined;
    }
    case 'SUM':
    case 'MAX':
    case 'MIN':
    case 'AVG': {
      const items = node.args.length === 1 && node.args[0].kind === 'array' ? node.args[0].items : node.args;
      const present = items.map(ev).filter((x): x is number => x !== undefined);
      if (present.length === 0) return undefined;
      if (node.name === 'SUM') return present.reduce((a, b) => a + b, 0);
      if (node.name === 'MAX') return Math.max(...present);
      if (node.name === 'MIN') return Math.min(...present);
      return present.reduce((a, b) => a + b, 0) / present.length;
    }
  }
  throw new MetricMathError(`Expression "${expression}": function ${node.name} is not modelled by the simulator.`);
}

function tokenize(expression: string): string[] {
  const tokens: string[] = [];
  const re = /\s*(\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|[A-Za-z_][A-Za-z0-9_]*|<=|>=|==|!=|[-+*/()<>,[\]])/y;
  let pos = 0;
  while (pos < expression.length) {
    if (/^\s*$/.test(expression.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(expression);
    if (!m) throw new MetricMathError(`Expression "${expression}": cannot read "${expression.slice(pos)}".`);
    tokens.push(m[1]);
    pos = re.lastIndex;
  }
  return tokens;
}
