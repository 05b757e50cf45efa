// Quality-vs-cost panel in real headless Chromium: first paint after the data arrives for 10k and
// 100k traces (target: 100k ≤ 100 ms), as a ratio to a trivial panel given the same frame in the
// same run, and hover (target ≤ 16 ms per move). The page is bench/qualityCostPage.tsx.
import { openBenchPage } from './spanTreeBrowser';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export async function benchQualityCostBrowser(): Promise<void> {
  const { page, close } = await openBenchPage('qualityCostPage.tsx', 'timeDraw');
  try {
    console.log(
      '\nquality-vs-cost panel, headless Chromium (median of runs; targets: 100k first paint ≤ 100 ms, hover ≤ 16 ms)'
    );
    console.log(
      'traces    first paint   trivial panel   ratio   of which points / model   hover move (median / p95 / first / max)   plotted'
    );
    for (const [n, runs] of [
      [10_000, 7],
      [100_000, 5],
    ] as const) {
      await page.evaluate((k) => window.timeDraw(k, 'panel'), n); // warm-up (JIT, styles)
      const panel: number[] = [];
      const trivial: number[] = [];
      let plotted = '';
      for (let i = 0; i < runs; i++) {
        trivial.push((await page.evaluate((k) => window.timeDraw(k, 'trivial'), n)).ms);
        const r = await page.evaluate((k) => window.timeDraw(k, 'panel'), n);
        panel.push(r.ms);
        plotted = r.plotted;
      }
      const hover = await page.evaluate(() => window.timeHover(60));
      const model = await page.evaluate((k) => window.timeModel(k), n);
      if (hover.tooltips < 5) {
        throw new Error(`hovering showed only ${hover.tooltips} different traces`);
      }
      const p = median(panel);
      const b = median(trivial);
      console.log(
        `${String(n).padStart(7)}   ${p.toFixed(1).padStart(8)} ms   ${b.toFixed(1).padStart(10)} ms   ${(p / b).toFixed(1).padStart(5)}×   ${model.pointsMs.toFixed(1).padStart(8)} / ${model.modelMs.toFixed(1)} ms   ${hover.medianMs.toFixed(1).padStart(10)} / ${hover.p95Ms.toFixed(1)} / ${hover.firstMs.toFixed(1)} / ${hover.maxMs.toFixed(1)} ms        ${plotted.split(' · ')[0]}`
      );
    }
  } finally {
    await close();
  }
}

if (require.main === module) {
  benchQualityCostBrowser().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
