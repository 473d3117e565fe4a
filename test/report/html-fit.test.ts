/**
 * The HTML report in a real browser (Debian's headless chromium) at a desktop and a narrow window:
 * the page must never scroll sideways. .ci/run installs chromium; where it is missing the test
 * says so loudly and skips.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoInventory } from '../../lambdas/adapters/demo/inventory';
import { evaluate } from '../../lambdas/core/evaluate';
import { renderHtml } from '../../lambdas/core/report/render-html';

const NOW = new Date('2026-11-23T09:00:00Z');

function chromium(): string | undefined {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
    if (found) return found;
  }
  return undefined;
}

/** The demo, plus what made the table overflow for a new user: a deep file path as the id. */
function reportPage(): string {
  const inventory = demoInventory(NOW);
  const [first] = inventory.certificates;
  inventory.certificates.push({
    ...first,
    id: 'files:/home/newcomer/projects/acme-integrations/certificates/production/partner-exports/2026/globex-orders-client-certificate-bundle.p12',
    name: 'globex-orders-client-certificate-bundle-with-a-very-long-file-name.p12',
  });
  return renderHtml(evaluate(inventory, { now: NOW }));
}

/**
 * The page as the browser lays it out: the same HTML with a measuring script appended (the
 * report's own policy forbids scripts, so it is lifted for the measurement only).
 */
function measure(browser: string, page: string, width: number) {
  const dir = mkdtempSync(join(tmpdir(), 'cert-sentinel-browser-'));
  const measured = page.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '').replace(
    '</body>',
    `<script>
const doc = document.documentElement;
const offenders = [...document.querySelectorAll('body *')]
  .filter((e) => e.getBoundingClientRect().right > doc.clientWidth + 0.5)
  .slice(0, 5).map((e) => e.tagName + '.' + e.className + ' ' + (e.textContent || '').slice(0, 40));
document.title = 'FIT ' + JSON.stringify({ scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, offenders });
</script></body>`,
  );
  writeFileSync(join(dir, 'report.html'), measured);
  const run = spawnSync(
    browser,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--user-data-dir=${join(dir, 'profile')}`,
      `--window-size=${width},1200`,
      '--virtual-time-budget=3000',
      '--dump-dom',
      `file://${join(dir, 'report.html')}`,
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  const title = /<title>FIT (.*?)<\/title>/.exec(run.stdout)?.[1];
  if (!title)
    throw new Error(`chromium gave no measurement (exit ${run.status}): ${run.stderr.slice(0, 500)}`);
  return JSON.parse(title.replace(/&quot;/g, '"').replace(/&amp;/g, '&')) as {
    scrollWidth: number;
    clientWidth: number;
    offenders: string[];
  };
}

const browser = chromium();
if (!browser) {
  console.warn(
    '\n*** html-fit.test: chromium is not installed, so the HTML report was NOT checked in a browser. ' +
      'Install it (apt-get install -y chromium; .ci/run does) to run this test. ***\n',
  );
}

(browser ? describe : describe.skip)('the HTML report in a browser', () => {
  const page = reportPage();
  it.each([1400, 800])('fits a %i px window without scrolling sideways', (width) => {
    const fit = measure(browser!, page, width);
    expect({ overflow: fit.scrollWidth - fit.clientWidth, offenders: fit.offenders }).toEqual({
      overflow: 0,
      offenders: [],
    });
  });
});
