/**
 * EventBridge Scheduler recurring expressions, checked field by field so that a schedule AWS
 * would reject at deploy time is a configuration problem instead:
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html (cron and rate
 * based schedules) and https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html
 * (field values and wildcards).
 */

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  /** What the values are, for the message. */
  readonly values: string;
}

const FIELDS: readonly CronField[] = [
  { name: 'minutes', min: 0, max: 59, values: '0-59' },
  { name: 'hours', min: 0, max: 23, values: '0-23' },
  { name: 'day-of-month', min: 1, max: 31, values: '1-31, ?, L, nW' },
  { name: 'month', min: 1, max: 12, names: MONTHS, values: '1-12 or JAN-DEC' },
  { name: 'day-of-week', min: 1, max: 7, names: DAYS, values: '1-7 or SUN-SAT, ?, L, nL, n#k' },
  { name: 'year', min: 1970, max: 2199, values: '1970-2199' },
];

export const SCHEDULE_EXPRESSION_ALLOWED =
  'an EventBridge Scheduler expression "cron(minutes hours day-of-month month day-of-week year)" with exactly one of day-of-month and day-of-week "?", ' +
  'or "rate(1 hour|day)" / "rate(N hours|days)"';

/** What is wrong with a recurring schedule expression, or undefined when EventBridge Scheduler accepts it. */
export function scheduleExpressionProblem(expression: unknown): string | undefined {
  if (typeof expression !== 'string') return SCHEDULE_EXPRESSION_ALLOWED;
  const rate = /^rate\((\d+) ([a-z]+)\)$/.exec(expression);
  if (rate) {
    const value = Number(rate[1]);
    // Containers are replaced at most hourly: minute rates would redeploy the service continuously.
    const unit = value === 1 ? ['hour', 'day'] : ['hours', 'days'];
    if (value < 1 || !unit.includes(rate[2])) {
      return `${SCHEDULE_EXPRESSION_ALLOWED}: a rate of 1 takes a singular unit ("rate(1 day)"), larger rates a plural one ("rate(12 hours)"), and the unit is hours or days`;
    }
    return undefined;
  }
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (!cron) return SCHEDULE_EXPRESSION_ALLOWED;
  const fields = cron[1].trim().split(/\s+/);
  if (fields.length !== 6) return `${SCHEDULE_EXPRESSION_ALLOWED}: a cron expression has 6 fields, this one ${fields.length}`;
  for (let i = 0; i < FIELDS.length; i++) {
    const problem = cronFieldProblem(FIELDS[i], fields[i]);
    if (problem) return `${SCHEDULE_EXPRESSION_ALLOWED}: the ${FIELDS[i].name} field "${fields[i]}" ${problem} (allowed: ${FIELDS[i].values}, with , - * /)`;
  }
  const [, , dayOfMonth, , dayOfWeek] = fields;
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    return `${SCHEDULE_EXPRESSION_ALLOWED}: exactly one of day-of-month ("${dayOfMonth}") and day-of-week ("${dayOfWeek}") must be "?"`;
  }
  return undefined;
}

function cronFieldProblem(field: CronField, text: string): string | undefined {
  if (text === '?') return field.name === 'day-of-month' || field.name === 'day-of-week' ? undefined : 'uses "?", which only the day fields take';
  if (text === '*') return undefined;
  if (field.name === 'day-of-month' && /^(L|LW|\d{1,2}W)$/.test(text)) {
    return text.endsWith('W') && text !== 'LW' ? valueProblem(field, text.slice(0, -1)) : undefined;
  }
  if (field.name === 'day-of-week') {
    const last = /^([A-Z0-9]+)L$/.exec(text);
    if (text === 'L') return undefined;
    if (last) return valueProblem(field, last[1]);
    const nth = /^([A-Z0-9]+)#(\d+)$/.exec(text);
    if (nth) return valueProblem(field, nth[1]) ?? (Number(nth[2]) >= 1 && Number(nth[2]) <= 5 ? undefined : `has occurrence #${nth[2]} (1-5)`);
  }
  for (const item of text.split(',')) {
    const [range, step, extra] = item.split('/');
    if (extra !== undefined || range === '') return `has a malformed item "${item}"`;
    if (step !== undefined && !(/^\d+$/.test(step) && Number(step) >= 1)) return `has an increment "${step}" that is not a positive integer`;
    if (range === '*') continue;
    const bounds = range.split('-');
    if (bounds.length > 2) return `has a malformed range "${range}"`;
    for (const bound of bounds) {
      const problem = valueProblem(field, bound);
      if (problem) return problem;
    }
  }
  return undefined;
}

function valueProblem(field: CronField, text: string): string | undefined {
  if (field.names?.includes(text.toUpperCase())) return undefined;
  if (!/^\d+$/.test(text)) return `has "${text}", which is not a value of this field`;
  const n = Number(text);
  return n < field.min || n > field.max ? `has ${n}, outside ${field.min}-${field.max}` : undefined;
}
