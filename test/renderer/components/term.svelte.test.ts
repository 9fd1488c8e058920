import '../dom-setup';
import '@testing-library/svelte/vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import Term from '@renderer/components/Term.svelte';
import { setLocale } from '@renderer/i18n/locale.svelte';

const tick = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => setLocale());

describe('Term', () => {
  it('opens its explanation from the keyboard or a click, says so, and closes on Escape', async () => {
    render(Term, { props: { term: 'timeWait' } });
    const button = screen.getByRole('button', { name: 'What does “TIME_WAIT” mean?' });
    const status = document.getElementById(button.getAttribute('aria-controls')!)!;
    // Read out as it appears.
    expect(status.getAttribute('aria-live')).toBe('polite');
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(status.textContent).toBe('');

    await fireEvent.click(button);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(status.textContent).toMatch(/^The state in which the end of a connection that closed first waits/);

    await fireEvent.keyDown(button, { key: 'Escape' });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(status.textContent).toBe('');
  });

  it('explains in German', async () => {
    setLocale('de-DE');
    await tick();
    render(Term, { props: { term: 'halfConnection' } });
    expect(screen.getByText('Halbverbindung')).toBeTruthy();
    const button = screen.getByRole('button', { name: 'Was bedeutet „Halbverbindung“?' });
    await fireEvent.click(button);
    const text = document.getElementById(button.getAttribute('aria-controls')!);
    expect(text?.textContent).toMatch(/^Ein Ende einer TCP-Verbindung/);
  });
});
