// Browser-test support: Debian's chromium driven by playwright-core, the web bundle (which the API
// server serves at `/` when given its folder), and axe checks. Each suite calls `browserAvailable()` first:
// without chromium it prints one line and skips, unless VARANTO_REQUIRE_BROWSER=1 makes that a
// failure (CI that must run the browser suite sets it).
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { buildWeb } from '../packages/web/serve.ts';

export const CHROMIUM = process.env.VARANTO_CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOTS = new URL('./screenshots/', import.meta.url).pathname;

/**
 * Whether the browser suite can run. Missing chromium is a skip with one line of explanation,
 * or an error when VARANTO_REQUIRE_BROWSER=1.
 */
export function browserAvailable(suite: string): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.VARANTO_REQUIRE_BROWSER === '1') {
    throw new Error(
      `${suite}: ${CHROMIUM} is missing and VARANTO_REQUIRE_BROWSER=1 (apt-get install -y chromium)`,
    );
  }
  console.log(`browser suite "${suite}" not run: ${CHROMIUM} not found (apt-get install -y chromium)`);
  return false;
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** A fresh headless chromium with a new, empty profile. */
export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'varanto-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    chromiumSandbox: false,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 900 },
    locale: 'fi-FI',
    timezoneId: 'Europe/Helsinki',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const BUILD_LOCK = new URL('../packages/web/.tmp/e2e-build.lock', import.meta.url).pathname;

/**
 * The bundle, built once per change of its sources. The browser suites run as parallel processes;
 * a lock directory makes the first one build while the others wait and then find it up to date,
 * instead of every suite running Vite at once on a small machine.
 */
export async function webBundle(): Promise<string> {
  mkdirSync(new URL('../packages/web/.tmp/', import.meta.url), { recursive: true });
  for (const started = Date.now(); ; ) {
    try {
      mkdirSync(BUILD_LOCK);
      break;
    } catch {
      // A lock left by a killed run is older than any build takes.
      const age = existsSync(BUILD_LOCK) ? Date.now() - statSync(BUILD_LOCK).mtimeMs : 0;
      if (age > 180_000 || Date.now() - started > 240_000)
        rmSync(BUILD_LOCK, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return (await buildWeb({ quiet: true })).dir;
  } finally {
    rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * Serious and critical axe violations on the page as it is now (WCAG 2.x A and AA rules). The
 * frames that show stored documents are left out: they are sandboxed without scripts, so axe's
 * run inside them never finishes (and excluding only the iframe element does not stop axe from
 * descending into it). Their titles are asserted by the tests instead.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeFinding[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .exclude('.xhtml-frame')
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact ?? '',
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
}

export async function screenshot(page: Page, name: string, timeout?: number): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true, timeout });
}

/**
 * What a failed test's page was doing, for whoever reads the run: its address, visibility and
 * focus, and whether it still draws frames. Playwright's "stable" check and its screenshots both
 * wait for animation frames, so a page that stopped drawing makes every click time out while the
 * DOM looks fine; this line tells that apart from a missing or moving element.
 */
export async function renderingState(page: Page): Promise<string> {
  // A string, not a function: tsx would wrap a function's helpers in names the page lacks.
  const probe = `new Promise((done) => {
    const state = document.visibilityState + ', focus ' + document.hasFocus();
    let frames = 0;
    const tick = () => { frames += 1; if (frames < 3) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
    setTimeout(() => done(state + ', ' + frames + ' animation frames in 1 s'), 1000);
  })`;
  try {
    return `${page.url()}: ${await page.evaluate<string>(probe)}`;
  } catch (e) {
    return `${page.url()}: not evaluable (${(e as Error).message.split('\n')[0]})`;
  }
}
