// Temporary: replaced by src/main/results/run-log.ts and history.ts once they land.
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ResultsDocument } from '../../../src/shared/contract';
import type { ErrorRecord, RunResult } from '../../../src/shared/types';

export class RunLog {
  private buffer: string[] = [];
  constructor(private readonly path: string) {}
  appendError(e: ErrorRecord): void {
    this.buffer.push(JSON.stringify({ type: 'error', error: e }));
    if (this.buffer.length > 1000) this.flush();
  }
  appendRun(r: RunResult): void {
    this.buffer.push(JSON.stringify({ type: 'run', run: r }));
    this.flush();
  }
  private flush(): void {
    if (this.buffer.length) appendFileSync(this.path, this.buffer.join('\n') + '\n');
    this.buffer = [];
  }
  close(): Promise<void> {
    this.flush();
    return Promise.resolve();
  }
}

export class HistoryStore {
  private n = 0;
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }
  save(doc: ResultsDocument): Promise<string> {
    const id = `h${++this.n}`;
    writeFileSync(join(this.dir, `${id}.json`), JSON.stringify(doc));
    return Promise.resolve(id);
  }
  load(id: string): Promise<ResultsDocument> {
    return Promise.resolve(JSON.parse(readFileSync(join(this.dir, `${id}.json`), 'utf8')) as ResultsDocument);
  }
}
