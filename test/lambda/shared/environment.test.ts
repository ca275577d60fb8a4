import { ConfigError, readEnvironment } from '../../../lambda/shared/environment';

/** Reads A (text), B (present), C (number 1..5, no fallback), D (number with fallback 3). */
function read(env: Record<string, string | undefined>) {
  return readEnvironment('probe-fn', env, (r) => ({
    a: r.text('A'),
    b: r.present('B'),
    c: r.number('C', { min: 1, max: 5 }),
    d: r.number('D', { min: 1, max: 5, fallback: 3 }),
    e: r.optional('E'),
  }));
}

function problemsOf(env: Record<string, string | undefined>): readonly string[] {
  try {
    read(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

test('a complete environment is read, trimmed, with fallbacks for what is optional', () => {
  expect(read({ A: ' x ', B: '', C: '2', E: ' ' })).toEqual({ a: 'x', b: '', c: 2, d: 3, e: undefined });
});

test('every problem is reported at once, each naming the variable, the value and what is allowed', () => {
  expect(problemsOf({ A: '  ', C: '2.5', D: '9' })).toEqual([
    'A is empty',
    'B is not set',
    'C: got "2.5"; expected an integer from 1 to 5',
    'D: got "9"; expected an integer from 1 to 5',
  ]);
  expect(problemsOf({ B: 'x' })).toEqual(['A is not set', 'C is not set']);
});

test("the error's message names the function, so a log line says whose environment is wrong", () => {
  expect(() => read({})).toThrow(/^Invalid probe-fn environment: A is not set; B is not set; C is not set$/);
});

test('a relation between variables is a problem like the others, and nothing half-read is returned', () => {
  const build = () =>
    readEnvironment('probe-fn', { X: 'same', Y: 'same' }, (r) => {
      const x = r.text('X');
      if (x === r.text('Y')) r.problem('X and Y name the same thing');
      return { x };
    });
  expect(build).toThrow(/X and Y name the same thing/);
});
