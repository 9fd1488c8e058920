import '../dom-setup';
import '@testing-library/svelte/vitest';
import { screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import ResultsPanel from '@renderer/panels/ResultsPanel.svelte';
import { GUIDANCE_TEXT } from '@shared/guidance';
import { errorRecord, runEnded, runResult } from '../fixtures';
import { renderWithStore } from '../render';

const tick = () => new Promise((r) => setTimeout(r, 0));
const NAME = 'What to change in your code';

describe('ResultsPanel: what to change in your code', () => {
  it('appears under the table once a run ends out of ports, naming the close order and the remedy', async () => {
    const { store } = renderWithStore(ResultsPanel);
    expect(screen.queryByRole('region', { name: NAME })).toBeNull();
    store.ended(runEnded('s1', [runResult('server'), runResult('client', [errorRecord(1)], 16_000)]));
    await tick();
    const section = screen.getByRole('region', { name: NAME });
    const text = section.textContent!.replace(/\s+/g, ' ');
    expect(text).toContain(`client: ${GUIDANCE_TEXT['guidance.exhausted.headline']}`);
    expect(text).toContain(GUIDANCE_TEXT['guidance.remedy.server-closes-first.title']);
    expect(text).not.toContain('server:');
    const table = screen.getByTestId('results-table');
    expect(table.compareDocumentPosition(section) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('stays away when every run is ok', async () => {
    const { store } = renderWithStore(ResultsPanel);
    store.ended(runEnded('s1', [runResult('server'), runResult('workaround')]));
    await tick();
    expect(screen.getByTestId('results-table')).toBeTruthy();
    expect(screen.queryByRole('region', { name: NAME })).toBeNull();
  });
});
