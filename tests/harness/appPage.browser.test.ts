/** @jest-environment node */
// The app plugin's page (/a/genaiobs-genai-app) in the Grafana host harness: dist/'s app module
// loaded through SystemJS, its root rendered with Grafana's AppRootProps inside Grafana's router
// (react-router v5 Router on locationService's history + CompatRouter), dark and light.
// Screenshots of the app's box: test-output/harness/app-<theme>.png, copied to docs/img/.
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Request, Response } from 'playwright-core';
import { createTheme } from '@grafana/data';
import { openHarness, SCREENSHOT_DIR, type HarnessSession, type Theme } from './openHarness';

jest.setTimeout(60_000);

const REPO = path.resolve(__dirname, '../..');
const APP_ID = 'genaiobs-genai-app';
const THEMES: Theme[] = ['dark', 'light'];

// What src/components/AppRoot.tsx renders: its heading, the cards' headings and their links.
const HEADING = 'GenAI Observability';
const CARDS = [
  { heading: '1. Add the data source', link: 'Add data source', href: '/connections/datasources/new' },
  { heading: '2. Query agent traces', link: 'Open Explore', href: '/explore' },
  { heading: '3. Turn failures into an eval dataset', link: 'Export a dataset', href: '/a/genaiobs-genai-app/export' },
];

/** Canvas around the app's box in its screenshot, px (the harness page's padding). */
const MARGIN = 16;
/** @grafana/e2e-selectors' components.Card.heading. */
const CARD_HEADING = 'data-testid Card heading';

let h: HarnessSession;
/** Requests that failed or answered ≥ 400, except the web fonts no npm package ships (harness/README.md). */
const failedLoads: string[] = [];

beforeAll(async () => {
  h = await openHarness();
  const fonts = (url: string) => new URL(url).pathname.startsWith('/public/fonts/');
  h.page.on('requestfailed', (r: Request) => {
    if (!fonts(r.url())) {
      failedLoads.push(`${r.failure()?.errorText ?? 'failed'} ${r.url()}`);
    }
  });
  h.page.on('response', (r: Response) => {
    if (r.status() >= 400 && !fonts(r.url())) {
      failedLoads.push(`HTTP ${r.status()} ${r.url()}`);
    }
  });
}, 120_000);
afterAll(() => h?.close());

async function expectVisible(l: Locator) {
  await l.waitFor({ state: 'visible' });
  expect(await l.isVisible()).toBe(true);
}

/** A CSS colour as the browser computes it (`rgb(…)`/`rgba(…)`), to compare with computed styles. */
function computedColour(css: string): Promise<string> {
  return h.page.evaluate((c) => {
    const probe = document.createElement('div');
    probe.style.color = c;
    document.body.append(probe);
    const out = getComputedStyle(probe).color;
    probe.remove();
    return out;
  }, css);
}

describe.each(THEMES)('app page, %s theme', (theme) => {
  it('renders the root page with its heading, cards and links', async () => {
    failedLoads.length = 0;
    await h.open(theme);
    const props = await h.showApp(APP_ID);
    // Grafana's AppRootPage passes location.pathname as both basename and path.
    expect(props).toEqual({ pluginId: APP_ID, basename: `/a/${APP_ID}`, path: `/a/${APP_ID}`, query: {} });
    expect(new URL(h.page.url()).pathname).toBe(`/a/${APP_ID}`);

    const app = h.page.locator(`[data-harness-app="${APP_ID}"]`);
    await expectVisible(app.getByRole('heading', { name: HEADING, exact: true }));
    // Card.Heading is a <div data-testid="data-testid Card heading"> (no heading role).
    const cardHeadings = app.getByTestId(CARD_HEADING);
    await expectVisible(cardHeadings.first());
    expect(await cardHeadings.allInnerTexts()).toEqual(CARDS.map((c) => c.heading));
    for (const card of CARDS) {
      await expectVisible(cardHeadings.getByText(card.heading, { exact: true }));
      const link = app.getByRole('link', { name: card.link, exact: true });
      await expectVisible(link);
      expect(await link.getAttribute('href')).toBe(card.href);
    }
    expect(await app.getByRole('link').count()).toBe(CARDS.length);

    // The page's theme (Grafana's, from the boot data): canvas behind the app, cards on the secondary
    // background, primary text and link colours.
    const t = createTheme({ colors: { mode: theme } });
    const colours = await app.evaluate(
      (box, [heading, cardHeadingId, cardHeading]) => {
        const byText = (sel: string, text: string) =>
          [...box.querySelectorAll(sel)].find((e) => e.textContent?.trim() === text) as HTMLElement;
        let card: HTMLElement | null = byText(`[data-testid="${cardHeadingId}"]`, cardHeading);
        while (card && getComputedStyle(card).backgroundColor === 'rgba(0, 0, 0, 0)') {
          card = card.parentElement;
        }
        return {
          canvas: getComputedStyle(document.body).backgroundColor,
          box: getComputedStyle(box).backgroundColor,
          heading: getComputedStyle(byText('h2', heading)).color,
          cardHeading: getComputedStyle(byText(`[data-testid="${cardHeadingId}"]`, cardHeading)).color,
          card: card && card !== box ? getComputedStyle(card).backgroundColor : 'none',
          link: getComputedStyle(box.querySelector('a')!).color,
        };
      },
      [HEADING, CARD_HEADING, CARDS[0].heading] as const
    );
    expect(colours).toEqual({
      canvas: await computedColour(t.colors.background.canvas),
      box: 'rgba(0, 0, 0, 0)',
      heading: await computedColour(t.colors.text.primary),
      cardHeading: await computedColour(t.colors.text.primary),
      card: await computedColour(t.colors.background.secondary),
      link: await computedColour(t.colors.text.link),
    });

    // The screenshot of the app's own box, for the docs too. The box is Grafana's page container,
    // which has no padding (the root does not use PluginPage), so the picture takes the 16 px of
    // canvas around it that the harness page has: the text does not touch the image's edge.
    await h.page.mouse.move(0, 0);
    await h.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur?.());
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const file = path.join(SCREENSHOT_DIR, `app-${theme}.png`);
    const box = (await app.boundingBox())!;
    const m = Math.min(MARGIN, box.x, box.y);
    await h.page.screenshot({
      path: file,
      animations: 'disabled',
      fullPage: true,
      clip: { x: box.x - m, y: box.y - m, width: box.width + 2 * m, height: box.height + 2 * m },
    });
    copyFileSync(file, path.join(REPO, `docs/img/app-${theme}.png`));

    expect(h.pageErrors).toEqual([]);
    expect(failedLoads).toEqual([]);
  });
});

it('follows an app link inside the router, without a page load', async () => {
  failedLoads.length = 0;
  await h.open('dark');
  await h.showApp(APP_ID);
  await h.page.evaluate(() => ((window as any).__sameDocument = true));
  await h.page.getByRole('link', { name: 'Open Explore', exact: true }).click();
  await h.page.locator('[data-harness-route-outside="/explore"]').waitFor();
  expect(new URL(h.page.url()).pathname).toBe('/explore');
  expect(await h.page.evaluate(() => (window as any).__sameDocument)).toBe(true);
  expect(h.pageErrors).toEqual([]);
  expect(failedLoads).toEqual([]);
});

it('passes a sub-path and its query as Grafana does', async () => {
  failedLoads.length = 0;
  await h.open('light');
  const props = await h.showApp(APP_ID, 'overview?from=now-1h&var-model=a&var-model=b');
  expect(props).toEqual({
    pluginId: APP_ID,
    basename: `/a/${APP_ID}/overview`,
    path: `/a/${APP_ID}/overview`,
    query: { from: 'now-1h', 'var-model': ['a', 'b'] },
  });
  await expectVisible(
    h.page.locator(`[data-harness-app-path="/a/${APP_ID}/overview"]`).getByRole('heading', { name: HEADING })
  );
  expect(h.pageErrors).toEqual([]);
  expect(failedLoads).toEqual([]);
});

it('has a hash route for people: #/app/<id>/<path>', async () => {
  await h.open('dark');
  await h.page.goto(`${h.url}/?theme=dark#/app/${APP_ID}/overview`);
  await expectVisible(
    h.page.locator(`[data-harness-app-path="/a/${APP_ID}/overview"]`).getByRole('heading', { name: HEADING })
  );
  expect(h.pageErrors).toEqual([]);
});
