/**
 * A regular expression matching decimal integers strictly greater than a bound, in the subset of
 * PCRE that AWS WAF accepts (no groups at all: WAF rejects capturing subexpressions, so each
 * alternative carries its own anchors).
 *
 * Used to compare the Content-Length header with a limit: WAF has no numeric comparison on header
 * values, and it cannot measure an ALB request body beyond its first 8 KB.
 *
 * Example: `integerGreaterThanRegex(250)` accepts "251", "260", "300", "1000", "0251" and rejects
 * "250", "99", "abc".
 */
export function integerGreaterThanRegex(bound: number): string {
  if (!Number.isSafeInteger(bound) || bound < 0) {
    throw new Error(`integerGreaterThanRegex: bound must be a non-negative safe integer, got ${bound}`);
  }
  const digits = String(bound);
  const n = digits.length;
  // Leading zeros do not change the value; they are allowed before every alternative.
  const alternatives = [`^0*[1-9][0-9]{${n},}$`]; // more significant digits than the bound
  for (let i = 0; i < n; i++) {
    const d = Number(digits[i]);
    if (d === 9) continue; // no larger digit at this position
    const prefix = digits.slice(0, i);
    const larger = d === 8 ? '9' : `[${d + 1}-9]`;
    alternatives.push(`^0*${prefix}${larger}${anyDigits(n - i - 1)}$`);
  }
  return alternatives.join('|');
}

/** `count` arbitrary digits: "", "[0-9]" or "[0-9]{count}". */
function anyDigits(count: number): string {
  if (count === 0) return '';
  return count === 1 ? '[0-9]' : `[0-9]{${count}}`;
}
