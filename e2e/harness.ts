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
  const watchdog = watchFrames(page);
  return {
    context,
    page,
    async close() {
      watchdog.stop();
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

// Animation frames counted over a short window, in the page. A string, not a function: tsx would
// wrap a function's helpers in names the page lacks. The loop ends with the window.
export const countFrames = (ms: number) => `new Promise((done) => {
  let frames = 0;
  let over = false;
  const tick = () => { if (over) return; frames += 1; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  setTimeout(() => { over = true; done(frames); }, ${ms});
})`;

/**
 * Headless Chromium now and then stops drawing a page's frames while its scripts run on
 * (known upstream in recent versions: the compositor goes idle and rAF never fires again in that
 * document). Playwright's "stable" check and its screenshots wait for frames, so every later click
 * on that page times out although the DOM is right; CI saw two tests fail so. The watchdog looks
 * once a second; a page that drew no frame in two looks in a row gets a screencast started and
 * stopped, which makes the compositor produce a frame, and the event is printed so a run shows it
 * happened. It never clicks, waits or changes the page for the test.
 */
function watchFrames(page: Page): { stop(): void } {
  let stopped = false;
  let idleLooks = 0;
  let looking = false;
  const look = async () => {
    if (stopped || looking || page.isClosed()) return;
    looking = true;
    const frames = await page
      .evaluate<number>(countFrames(300))
      .catch(() => -1)
      .finally(() => {
        looking = false;
      });
    // -1: navigating or closing, nothing to judge.
    idleLooks = frames === 0 ? idleLooks + 1 : 0;
    if (idleLooks >= 2 && !stopped && !page.isClosed()) {
      idleLooks = 0;
      const after = await wakeCompositor(page).catch((e: Error) => `wake failed: ${e.message}`);
      console.log(`chromium stopped drawing ${page.url()}; screencast kick, then ${after}`);
    }
  };
  const timer = setInterval(() => void look(), 1000);
  timer.unref();
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}

/** `p`, or a rejection after `ms`: page.evaluate has no timeout, and a page whose script hangs never answers. */
function within<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    p,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`no answer in ${ms} ms (its script may be stuck)`)), ms).unref(),
    ),
  ]);
}

export async function wakeCompositor(page: Page): Promise<string> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Page.startScreencast', { format: 'jpeg', quality: 10, everyNthFrame: 1 });
    await new Promise((r) => setTimeout(r, 250));
    await cdp.send('Page.stopScreencast');
  } finally {
    await cdp.detach().catch(() => undefined);
  }
  return `${await within(page.evaluate<number>(countFrames(500)), 3000).catch(() => -1)} frames in 0.5 s`;
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
  try {
    const state = await within(
      page.evaluate<string>("document.visibilityState + ', focus ' + document.hasFocus()"),
      3000,
    );
    return `${page.url()}: ${state}, ${await within(page.evaluate<number>(countFrames(1000)), 3000)} animation frames in 1 s`;
  } catch (e) {
    return `${page.url()}: not evaluable (${(e as Error).message.split('\n')[0]})`;
  }
}
