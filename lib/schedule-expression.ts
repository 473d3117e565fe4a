/**
 * EventBridge Scheduler's own rules for `cron(...)` and `rate(...)`, checked at synth: the service
 * refuses a bad expression only at deploy, after the stack's other resources were created.
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
 */

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface CronField {
  name: string;
  min: number;
  max: number;
  names?: string[];
  /** The special characters this field allows beyond , - * / */
  special: RegExp;
}

const CRON_FIELDS: CronField[] = [
  { name: 'minutes', min: 0, max: 59, special: /^$/ },
  { name: 'hours', min: 0, max: 23, special: /^$/ },
  { name: 'day-of-month', min: 1, max: 31, special: /^(\?|L|([1-9]|[12]\d|3[01])W)$/ },
  { name: 'month', min: 1, max: 12, names: MONTHS, special: /^$/ },
  { name: 'day-of-week', min: 1, max: 7, names: WEEKDAYS, special: /^(\?|L|[1-7]#[1-5]|[1-7]L)$/ },
  { name: 'year', min: 1970, max: 2199, special: /^$/ },
];

function fieldValue(text: string, field: CronField): number | undefined {
  const named = field.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return named + 1;
  if (!/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n >= field.min && n <= field.max ? n : undefined;
}

function cronFieldProblem(text: string, field: CronField): string | undefined {
  const bad = `${field.name} "${text}" must be ${field.min}-${field.max}${field.names ? ` or ${field.names[0]}-${field.names.at(-1)}` : ''}, * , - or /`;
  for (const part of text.split(',')) {
    if (field.special.test(part)) continue;
    const [range, step, ...extra] = part.split('/');
    if (extra.length > 0 || (step !== undefined && !/^[1-9]\d*$/.test(step))) return bad;
    if (range === '*') continue;
    const [from, to, ...more] = range.split('-');
    if (more.length > 0 || fieldValue(from, field) === undefined) return bad;
    if (to !== undefined && fieldValue(to, field) === undefined) return bad;
  }
  return undefined;
}

/** Why Scheduler would refuse this expression, or undefined when it is valid. */
export function scheduleExpressionProblem(expression: string): string | undefined {
  const rate = /^rate\((.*)\)$/.exec(expression);
  if (rate) {
    const match = /^(\d+) (minute|minutes|hour|hours|day|days)$/.exec(rate[1]);
    if (!match || Number(match[1]) < 1)
      return 'rate(...) must be a whole number and minutes, hours or days, e.g. rate(12 hours)';
    const singular = !match[2].endsWith('s');
    if ((Number(match[1]) === 1) !== singular)
      return `rate(${rate[1]}): use the singular unit for 1 and the plural for more, e.g. rate(1 day), rate(2 days)`;
    return undefined;
  }
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (!cron) return 'must be cron(...) or rate(...)';
  const fields = cron[1].trim().split(/\s+/);
  if (fields.length !== 6) {
    return `cron(...) takes six fields (minutes hours day-of-month month day-of-week year), got ${fields.length}; e.g. cron(0 6 * * ? *)`;
  }
  for (const [i, field] of CRON_FIELDS.entries()) {
    const problem = cronFieldProblem(fields[i], field);
    if (problem) return `cron(...): ${problem}`;
  }
  if ((fields[2] === '?') === (fields[4] === '?')) {
    return 'cron(...): exactly one of day-of-month and day-of-week must be ?, e.g. cron(0 6 * * ? *)';
  }
  return undefined;
}
