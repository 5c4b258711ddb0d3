// Writes the figures of docs/teaching/*.md from runs of scenarios/teaching/ (between their
// `<!-- fig:ID -->` markers; test/theory/teaching.test.ts fails while a page is not current).
//   npx tsx scripts/teaching-pages.ts
import { writeFileSync } from 'node:fs';
import { PAGES, pagePath, readPage, renderPage, teachingFigures } from '../test/theory/teaching-figures.js';

const figures = teachingFigures();
for (const page of PAGES) {
  const before = readPage(page);
  const after = renderPage(before, figures, page);
  if (after !== before) writeFileSync(pagePath(page), after);
  console.log(`${pagePath(page)}: ${after === before ? 'current' : 'written'}`);
}
