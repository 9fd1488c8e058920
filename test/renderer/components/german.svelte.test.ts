/** The window's leaves in German, as a browser set to German shows them. */
import '../dom-setup';
import '@testing-library/svelte/vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import ErrorLog from '@renderer/components/ErrorLog.svelte';
import LiveCounters from '@renderer/components/LiveCounters.svelte';
import ModePicker from '@renderer/components/ModePicker.svelte';
import PortGauge from '@renderer/components/PortGauge.svelte';
import NextStep from '@renderer/components/NextStep.svelte';
import ResultsActions from '@renderer/components/ResultsActions.svelte';
import ResultsTable from '@renderer/components/ResultsTable.svelte';
import RunControls from '@renderer/components/RunControls.svelte';
import StatusBanner from '@renderer/components/StatusBanner.svelte';
import { setLocale } from '@renderer/i18n/locale.svelte';
import { defaultForm } from '@renderer/lib/run-form';
import { ErrorLog as Log } from '@renderer/store/error-log.svelte';
import { buildResultsTable } from '@shared/outcome';
import { errorRecord, netstat, runResult, snapshot } from '../fixtures';

const noop = () => {};

beforeEach(() => setLocale('de-DE'));
afterEach(() => setLocale());

describe('the window in German', () => {
  it('marks the page as German', () => {
    expect(document.documentElement.lang).toBe('de-DE');
  });

  it('describes the close orders in German and explains the word', async () => {
    render(ModePicker, { props: { mode: 'client', active: false, current: null, sessionState: 'idle' } });
    expect(screen.getByRole('group', { name: 'Schließreihenfolge' })).toBeTruthy();
    expect(screen.getByText('Zuerst schließt der Client, dann der Server.')).toBeTruthy();
    expect(screen.getAllByText('Windows 10: WSAEADDRINUSE (10048) beim Verbinden')).toHaveLength(3);
    expect(screen.getAllByText('Abhilfe')).toHaveLength(2);
    const explain = screen.getByRole('button', { name: 'Was bedeutet „Schließreihenfolge“?' });
    await fireEvent.click(explain);
    expect(document.getElementById(explain.getAttribute('aria-controls')!)?.textContent).toMatch(
      /^Welche Seite einer Verbindung zuerst schließt/,
    );
  });

  it('counts the German way', () => {
    render(LiveCounters, {
      props: {
        snapshot: snapshot({ state: 'running', connections: 16_384, netstat: netstat(1234, 5678) }),
        platform: 'linux',
        filter: null,
      },
    });
    const counters = screen.getByRole('region', { name: 'Live-Zähler' });
    const text = counters.textContent?.replace(/\s+/g, ' ');
    expect(text).toContain('Verbindungen 16.384');
    expect(text).toContain('Verbindungsaufbauten pro Sekunde');
    expect(text).toContain('Server-Halbverbindungen 1.234');
    expect(screen.getByRole('button', { name: 'Was bedeutet „Halbverbindung“?' })).toBeTruthy();
  });

  it('names the buttons that save and send the results in German', () => {
    render(ResultsActions, {
      props: {
        hasResults: true,
        pending: null,
        onexport: noop,
        oncopy: noop,
        onbundle: noop,
        onimport: noop,
        onopenlogs: noop,
      },
    });
    for (const name of [
      'Tabelle kopieren',
      'Diagnosepaket',
      'Ergebnisse eines anderen Computers hinzufügen',
      'Protokollordner öffnen',
    ])
      expect(screen.getByRole('button', { name })).toBeTruthy();
    render(NextStep, {
      props: { hasResults: true, pending: 'bundle-next-step', notice: null, onbundle: noop, ondismiss: noop },
    });
    expect(screen.getByRole('heading', { name: 'Nächster Schritt' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Wird gespeichert...' })).toBeTruthy();
  });
});

it('asks for the settings and offers Run all in German, the time left marked up in a whole sentence', () => {
  render(RunControls, {
    props: {
      form: defaultForm(),
      formError: null,
      formField: null,
      active: true,
      sessionState: 'running',
      pending: null,
      waitSec: 62,
      runAllLeftSec: 245,
      onstart: noop,
      onstop: noop,
      onrunall: noop,
    },
  });
  expect(screen.getByRole('textbox', { name: 'Sekunden pro Lauf' })).toBeTruthy();
  expect(screen.getByRole('button', { name: 'Alle ausführen' })).toBeTruthy();
  expect(screen.getByRole('button', { name: 'Anhalten' })).toBeTruthy();
  const left = screen.getByTestId('run-all-left');
  expect(left.textContent?.replace(/\s+/g, ' ').trim()).toBe(
    'Noch höchstens 4 min 05 s, bis alle Schließreihenfolgen gelaufen sind.',
  );
  expect(left.querySelector('strong')?.textContent).toBe('4 min 05 s');
});

it('words the results table in German, says what each result means, and what a short graceful ok is', () => {
  const runs = [
    runResult('client', [errorRecord(331)], 16_331),
    { ...runResult('graceful'), elapsedMs: 10_000 },
  ];
  const columns = [{ machine: 'Dieser Computer', runs, origin: 'live' as const }];
  render(ResultsTable, {
    props: { table: buildResultsTable(columns), columns, viewing: false, onclose: noop, onremove: noop },
  });
  const table = screen.getByTestId('results-table');
  const rows = [...table.querySelectorAll('tbody tr')].map((tr) =>
    [...tr.querySelectorAll('th, td')].map((c) => c.textContent?.replace(/\s+/g, ' ').trim()),
  );
  expect(rows).toEqual([
    ['client', 'WSAEADDRINUSE nach 16.330 Verbindungen', 'WSAEADDRINUSE (10048) beim Verbinden'],
    ['graceful', 'ok', 'gelegentlich WSAECONNRESET (10054) beim Lesen, nach 30-60 s'],
  ]);
  const legend = [...document.querySelectorAll('.meanings dt')].map(
    (dt) => `${dt.textContent?.trim()}: ${dt.nextElementSibling?.textContent}`,
  );
  expect(legend).toEqual([
    'Keine Ports mehr: Dem Client sind die lokalen Ports ausgegangen: Seine geschlossenen Verbindungen warten in TIME_WAIT, und neue Verbindungsaufbauten schlagen fehl.',
    'ok: Keine Fehler: Diese Schließreihenfolge ist auf diesem Computer sicher.',
    'graceful: in 10 s nicht aufgetreten: Kein Zurücksetzen in 10 s. Unter Windows zeigt sich das Zurücksetzen dieser Schließreihenfolge erst nach 30 bis 60 s, dieser Lauf war also zu kurz, um es zu sagen: Lassen Sie sie mindestens 60 s laufen.',
  ]);
  expect(screen.getByRole('button', { name: 'Was bedeutet „EADDRNOTAVAIL / WSAEADDRINUSE“?' })).toBeTruthy();
});

it('says what the session does and waits for in German, figures in German', () => {
  render(StatusBanner, {
    props: {
      snapshot: snapshot({
        state: 'draining',
        mode: 'client',
        runAll: { modes: ['any', 'client', 'server'], index: 1 },
        countdown: { reason: 'drain', remainingSec: 75, halfConnections: 16_384 },
      }),
      sessionState: 'draining',
      skipped: 1200,
      noticeText: null,
    },
  });
  const banner = screen.getByRole('region', { name: 'Sitzungszustand' });
  expect(screen.getByTestId('state').textContent).toBe('Abklingen');
  expect(screen.getByTestId('countdown').textContent).toBe('1 min 15 s');
  const text = banner.textContent?.replace(/\s+/g, ' ');
  expect(text).toContain('(2 von 3)');
  expect(text).toContain(
    'Höchstens 1 min 15 s. 16.384 Halbverbindungen des letzten Laufs sind noch aufgeführt. Die nächste Schließreihenfolge beginnt, sobald sie verschwunden sind.',
  );
  expect(text).toContain('1.200 Fehler kamen zu schnell');
});

it('counts the ports held the German way', () => {
  render(PortGauge, {
    props: { ports: { held: 15_000, size: 16_384, fraction: 15_000 / 16_384 }, sessionState: 'running' },
  });
  // A no-break space before the per cent sign, as German writes it.
  expect(screen.getByTestId('ports-held').textContent?.trim()).toMatch(/^15\.000 von 16\.384 \(92\u00a0%\)$/);
  expect(screen.getByRole('heading', { name: 'Belegte dynamische Ports' })).toBeTruthy();
});

it('lists errors in German and explains the codes in it', async () => {
  const log = new Log();
  render(ErrorLog, { props: { log, platform: 'win32', filter: null } });
  expect(screen.getByText('Bisher keine Fehler.')).toBeTruthy();
  log.append([errorRecord(1), errorRecord(2, 'ECONNRESET')], 'client');
  await new Promise((r) => setTimeout(r, 0));
  const region = screen.getByRole('region', { name: 'Fehlerprotokoll' });
  expect(region.textContent).toContain('Was die Codes bedeuten:');
  const explain = screen.getByRole('button', { name: 'Was bedeutet „WSAECONNRESET“?' });
  await fireEvent.click(explain);
  expect(document.getElementById(explain.getAttribute('aria-controls')!)?.textContent).toMatch(
    /^Die Gegenseite hat die Verbindung zurückgesetzt/,
  );
});
