/**
 * What the window asks of the engine: the settings the next Start sends, each call through the
 * bridge, the one waiting for its answer, and what the last answer had to say to a person.
 */
import type { Api, ExportFormat, Reply, RunAllRequest } from '@shared/contract';
import { ORIGINAL_MODES, type Mode } from '@shared/modes';
import type { SessionConfig } from '@shared/types';
import { defaultForm, validateForm, type FormField, type RunForm } from '@renderer/lib/run-form';
import { t } from '@renderer/i18n/locale.svelte';
import type { Results } from './results.svelte';

/** A request waiting for its answer; its button says so, and the others wait. */
export type PendingRequest =
  | 'start'
  | 'run-all'
  | 'stop'
  | `export-${ExportFormat}`
  | 'copy'
  | 'bundle'
  /** The same file, asked for from the step shown after a Run all: its answer shows there. */
  | 'bundle-next-step'
  | 'import'
  | 'history'
  | 'logs';

export interface Notice {
  kind: 'error' | 'info';
  text: string;
}

const UNANSWERED = 'The test engine did not answer. Restart the program and try again.';

export class Requests {
  form = $state<RunForm>(defaultForm());
  readonly #formCheck = $derived(validateForm(this.form));
  readonly formError: string | null = $derived(this.#formCheck.error);
  /** The field formError is about, so it is the one marked. */
  readonly formField: FormField | null = $derived(this.#formCheck.field);
  // Both change only here, so what is pending and what was said cannot disagree with the calls made.
  #pending = $state<PendingRequest | null>(null);
  #notice = $state.raw<Notice | null>(null);
  /** The request the notice answers, so it shows beside the button that asked; null: the session's own news. */
  #noticeFrom = $state<PendingRequest | null>(null);

  constructor(
    private readonly api: Api,
    private readonly results: Results,
  ) {}

  /** The request waiting for its answer; null when none is. */
  get pending(): PendingRequest | null {
    return this.#pending;
  }

  /** What the last request (or the last session's end) answered, when a person should read it. */
  get notice(): Notice | null {
    return this.#notice;
  }

  /** The request whose answer the notice is; null when it is not one (a session's end, say). */
  get noticeFrom(): PendingRequest | null {
    return this.#noticeFrom;
  }

  pickMode(mode: Mode): void {
    this.form.mode = mode;
  }

  async start(): Promise<void> {
    const checked = validateForm(this.form);
    if (!checked.config) return this.say('error', checked.error ?? t('form.checkSettings'), 'start');
    const config: SessionConfig = checked.config;
    await this.#call('start', () => this.api.start(config));
  }

  async runAll(): Promise<void> {
    const checked = validateForm(this.form);
    if (!checked.config) return this.say('error', checked.error ?? t('form.checkSettings'), 'run-all');
    const { host, port, durationSec, maxErrors, connectionLimit } = checked.config;
    const request: RunAllRequest = {
      modes: [...ORIGINAL_MODES],
      host,
      port,
      durationSec,
      maxErrors,
      connectionLimit,
    };
    await this.#call('run-all', () => this.api.runAll(request));
  }

  async stop(): Promise<void> {
    await this.#call('stop', () => this.api.stop());
  }

  async exportResults(format: ExportFormat): Promise<void> {
    await this.#call(
      `export-${format}`,
      () => this.api.exportResults(format, this.results.resultsId, [...this.results.imported]),
      (path) => {
        if (path) this.say('info', t('notice.savedTo', { path }));
      },
    );
  }

  async copyTable(): Promise<void> {
    await this.#call(
      'copy',
      () => this.api.copyTable(this.results.resultsId, [...this.results.imported]),
      () => this.say('info', t('notice.copied')),
    );
  }

  /** `asker`: which of the two buttons that save it was pressed, so it says Saving... and the answer shows beside it. */
  async saveBundle(asker: 'bundle' | 'bundle-next-step' = 'bundle'): Promise<void> {
    await this.#call(
      asker,
      () => this.api.saveBundle(this.results.resultsId),
      (path) => {
        if (path) this.say('info', t('notice.bundleSavedTo', { path }));
      },
    );
  }

  async importResults(): Promise<void> {
    await this.#call(
      'import',
      () => this.api.importResults(),
      (docs) => {
        const added = this.results.addImported(docs);
        if (docs.length > 0 && added === 0) this.say('info', t('notice.alreadyShown'));
      },
    );
  }

  /** Starts once the half-connections of an earlier run have left; a countdown shows the wait. */
  async waitAndStart(): Promise<void> {
    const checked = validateForm(this.form);
    if (!checked.config) return this.say('error', checked.error ?? t('form.checkSettings'), 'start');
    const config: SessionConfig = checked.config;
    await this.#call('start', () => this.api.start(config, { waitForDrain: true }));
  }

  /** Fetches the results on show when no earlier session is picked (after a start, after each session). */
  async refreshCurrent(): Promise<void> {
    const reply = await this.#settle(() => this.api.currentResults());
    // Results never disappear: an answer of "none" leaves what is shown.
    if (reply.ok && reply.value) this.results.current = reply.value;
  }

  async refreshHistory(): Promise<void> {
    const reply = await this.#settle(() => this.api.listHistory());
    if (reply.ok) this.results.history = reply.value;
  }

  async openHistory(id: string): Promise<void> {
    await this.#call(
      'history',
      () => this.api.openHistory(id),
      (document) => this.results.showHistory(id, document),
    );
  }

  async openLogFolder(): Promise<void> {
    await this.#call('logs', () => this.api.openLogFolder());
  }

  say(kind: Notice['kind'], text: string, from: PendingRequest | null = null): void {
    this.#notice = { kind, text };
    this.#noticeFrom = from;
  }

  dismissNotice(): void {
    this.#notice = null;
    this.#noticeFrom = null;
  }

  /** The one place `pending` moves: set while the request is out, cleared however it ends. */
  async #call<T>(
    request: PendingRequest,
    send: () => Promise<Reply<T>>,
    onValue?: (value: T) => void,
  ): Promise<void> {
    this.#pending = request;
    this.dismissNotice();
    try {
      const reply = await this.#settle(send);
      if (reply.ok) onValue?.(reply.value);
      else this.say('error', reply.error);
      // Whatever the answer said, it is this request's: it shows beside the button that asked.
      if (this.#notice) this.#noticeFrom = request;
    } finally {
      this.#pending = null;
    }
  }

  /** A request that throws (the bridge itself failed) becomes a Reply a person can read. */
  async #settle<T>(send: () => Promise<Reply<T>>): Promise<Reply<T>> {
    try {
      return await send();
    } catch {
      return { ok: false, error: UNANSWERED };
    }
  }
}
