import '../dom-setup';
import '@testing-library/svelte/vitest';
import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import FixGuidance from '@renderer/components/FixGuidance.svelte';
import { GUIDANCE_TEXT } from '@shared/guidance';
import { buildResultsTable } from '@shared/outcome';
import { linuxDocument, windowsDocument } from '../../fixtures/results/factory';

const tableOf = (...docs: ReturnType<typeof windowsDocument>[]) =>
  buildResultsTable(docs.map((d, i) => ({ machine: `machine ${i + 1}`, runs: d.runs })));

describe('FixGuidance', () => {
  it('under a table with problems: what to change, the gravest first and open, with its close orders', () => {
    const { container } = render(FixGuidance, { props: { table: tableOf(windowsDocument()) } });
    const section = screen.getByRole('region', { name: 'What to change in your code' });
    const parts = [...section.querySelectorAll('details')];
    expect(parts.map((d) => d.dataset.outcome)).toEqual(['exhausted', 'reset']);
    expect(parts.map((d) => d.open)).toEqual([true, false]);
    const first = parts[0]!.textContent!.replace(/\s+/g, ' ');
    expect(first).toContain(`any, client, simultaneous: ${GUIDANCE_TEXT['guidance.exhausted.headline']}`);
    expect(first).toContain(GUIDANCE_TEXT['guidance.remedy.server-closes-first.title']);
    expect(first).toContain(`Trade-off: ${GUIDANCE_TEXT['guidance.remedy.abortive-close.tradeOff']}`);
    expect(first).toContain(GUIDANCE_TEXT['guidance.avoid.reuseaddr']);
    expect(parts[1]!.querySelector('summary')!.textContent).toContain('graceful:');
    expect(container.textContent).toContain('samples folder');
  });

  it('under an all-ok table: nothing to alarm', () => {
    const { container } = render(FixGuidance, { props: { table: tableOf(linuxDocument()) } });
    expect(container.textContent?.trim()).toBe('');
    expect(screen.queryByRole('region', { name: 'What to change in your code' })).toBeNull();
  });

  it('an ok machine beside a failing one: the failing one’s problems are explained', () => {
    render(FixGuidance, { props: { table: tableOf(linuxDocument(), windowsDocument()) } });
    const section = screen.getByRole('region', { name: 'What to change in your code' });
    expect(section.querySelectorAll('details')).toHaveLength(2);
  });
});
