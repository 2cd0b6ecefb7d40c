// Opens the HTML framing report in headless Chromium (Debian's package) and
// checks what a reader relies on: the page renders with no console errors,
// the coverage heat map is there, the variant table of a known remark shows
// the wire's loaded-term edit, and a click on a passage opens its context.
// Saves screenshots next to the report. Usage: node check-report.js REPORT.html
const path = require('path');
const { chromium } = require('playwright-core');

function fail(msg) {
  console.error('browser check failed: ' + msg);
  process.exit(1);
}

(async () => {
  const report = path.resolve(process.argv[2] || 'target/report.html');
  const out = path.dirname(report);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('requestfailed', (r) => errors.push('request failed: ' + r.url()));
  await page.goto('file://' + report);

  if ((await page.locator('#heatmap tbody tr').count()) < 5) fail('coverage heat map has fewer than 5 rows');
  // The remark on the Kursk Region: the wire's version swaps in "Nazis".
  const remark = page.locator('section.remark', { hasText: 'Ukrainian nationalist forces' });
  if ((await remark.count()) !== 1) fail('no single variant table for the Kursk remark');
  const wire = remark.locator('table.variants tr', { hasText: 'wire' });
  if ((await wire.count()) < 1) fail('the wire has no version of the Kursk remark');
  const loaded = wire.locator('ins.loaded-term', { hasText: 'Nazis' });
  if ((await loaded.count()) !== 1) fail('the wire version does not mark "Nazis" as a loaded term');
  await remark.scrollIntoViewIfNeeded();
  await remark.screenshot({ path: path.join(out, 'report-remark.png') });

  await wire.locator('div.span').first().click();
  const panel = page.locator('#panel.open mark');
  if ((await panel.count()) !== 1) fail('clicking a version does not open its context');
  if (!(await panel.textContent()).includes('Nazis')) fail('the context panel does not highlight the passage');
  await page.screenshot({ path: path.join(out, 'report-panel.png') });
  await page.locator('#panel-close').click();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(out, 'report-top.png') });

  await browser.close();
  if (errors.length) fail('console errors: ' + JSON.stringify(errors));
  console.log('browser check: ok (screenshots in ' + out + ')');
})().catch((e) => fail(String(e)));
