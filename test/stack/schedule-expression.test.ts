/** EventBridge Scheduler's cron rules at the edges that synth once let through. */
import { scheduleExpressionProblem } from '../../lib/schedule-expression';

test.each([
  ['cron(0 6 ? * 9#1 *)', /day-of-week "9#1"/],
  ['cron(0 6 ? * 0#1 *)', /day-of-week "0#1"/],
  ['cron(0 6 32W * ? *)', /day-of-month "32W"/],
  ['cron(0 6 0W * ? *)', /day-of-month "0W"/],
  ['cron(*/0 6 * * ? *)', /minutes "\*\/0"/],
])('%s is refused', (expression, message) => {
  expect(scheduleExpressionProblem(expression)).toMatch(message);
});

test.each(['cron(0 6 15W * ? *)', 'cron(0 6 31W * ? *)', 'cron(0 6 ? * 7#5 *)', 'cron(*/15 6 * * ? *)'])(
  '%s is accepted',
  (expression) => {
    expect(scheduleExpressionProblem(expression)).toBeUndefined();
  },
);
