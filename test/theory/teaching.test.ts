// The lessons (docs/teaching/, scenarios/teaching/): every figure a page quotes is what the runs
// give today (scripts/teaching-pages.ts writes them), every lesson's expect: section holds, and
// batchsim reads lessons 1 and 2 as the queueing models their pages say.
import { existsSync, readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/check/check.js';
import { recogniseQueue } from '../../src/theory/recognise.js';
import { PAGES, figureIds, lesson, lessonDir, pagePath, readPage, renderPage, teachingFigures } from './teaching-figures.js';

describe('docs/teaching: the figures come from the runs', () => {
  let figures: Map<string, string>;
  beforeAll(() => {
    figures = teachingFigures();
  }, 300_000);

  for (const page of PAGES) {
    it(`${page} holds today's figures (else run npx tsx scripts/teaching-pages.ts)`, () => {
      const text = readPage(page);
      expect(renderPage(text, figures, page)).toBe(text);
    });
  }

  it('every figure made is quoted by some page, and every page names only figures that are made', () => {
    const used = new Set(PAGES.flatMap((p) => figureIds(readPage(p))));
    expect([...figures.keys()].filter((id) => !used.has(id))).toEqual([]);
    expect([...used].filter((id) => !figures.has(id))).toEqual([]);
  });

  it('a page whose figure was edited by hand is caught', () => {
    const text = readPage('02-mmc.md');
    const edited = text.replace(/(<!-- fig:l2\.wq -->)[^<]*/, '$199.9');
    expect(edited).not.toBe(text);
    expect(renderPage(edited, figures, '02-mmc.md')).toBe(text);
    expect(() => renderPage('<!-- fig:nope -->1<!-- /fig -->', figures, 'x.md')).toThrow(/no figure "nope"/);
  });

  it('lesson 1 says its expectations held on all ten seeds', () => {
    expect(figures.get('l1.check')).toMatch(/\n\d+ passed, 0 failed\n```$/);
  });

  it('every lesson scenario has a page, and every page is linked from the index', () => {
    const index = readPage('README.md');
    for (const page of PAGES.slice(1)) expect(index).toContain(`(${page})`);
    for (const file of readdirSync(lessonDir())) expect(index, file).toContain(`\`${file}\``);
    for (const page of PAGES) expect(existsSync(pagePath(page))).toBe(true);
  });
});

describe('scenarios/teaching: what the pages say of them', () => {
  it('lessons 1 and 2 are the models their pages name; the others are not queueing models', () => {
    expect(recogniseQueue(lesson('01-mm1.yaml')).model?.model).toBe('M/M/1');
    expect(recogniseQueue(lesson('01b-mg1.yaml')).model?.model).toBe('M/G/1');
    expect(recogniseQueue(lesson('02-mmc.yaml')).model).toMatchObject({ model: 'M/M/c', c: 10 });
    for (const file of ['03-priorities.yaml', '04-head-of-line.yaml', '04b-backfill.yaml', '05-spot-retries.yaml']) {
      expect(recogniseQueue(lesson(file)).model, file).toBeNull();
    }
  });

  for (const file of ['01b-mg1.yaml', '02-mmc.yaml', '03-priorities.yaml', '04-head-of-line.yaml', '04b-backfill.yaml', '05-spot-retries.yaml']) {
    it(`${file}: its expect: section holds on its seed`, () => {
      const scenario = lesson(file);
      expect(scenario.expect?.length ?? 0).toBeGreaterThan(0);
      const result = check(scenario, { seeds: 1, expectations: scenario.expect! });
      expect(result.cases.filter((c) => c.failure !== null).map((c) => `${c.name}: ${c.detail}`)).toEqual([]);
    }, 60_000);
  }
});
