/**
 * "What to change in your code": for each outcome, why it happens and the remedies with their
 * trade-offs. The words live in one catalogue of whole sentences keyed by stable ids (GUIDANCE_TEXT)
 * and the structure refers to those keys only, so a translated catalogue can be passed in and the
 * window, the command line, the Markdown report and the bundle all say the same thing.
 */
import type { Mode } from './modes';
import type { Outcome } from './types';

export const REMEDIES = [
  'server-closes-first',
  'abortive-close',
  'reuse-connections',
  'widen-port-range',
] as const;
export type RemedyId = (typeof REMEDIES)[number];

/** How a reader should take an outcome: a problem to fix, nothing to do, or nothing to judge yet. */
export type GuidanceTone = 'problem' | 'fine' | 'inconclusive';

interface RemedyKeys {
  id: RemedyId;
  title: string;
  steps: string[];
  tradeOff: string;
}

interface GuidanceKeys {
  outcome: Outcome;
  tone: GuidanceTone;
  headline: string;
  why: string[];
  remedies: RemedyId[];
  /** What not to do: only where the outcome is a problem that tempts these. */
  avoid: string[];
}

/** The English catalogue: every sentence the guidance says, by key. */
export const GUIDANCE_TEXT = {
  'guidance.label.title': 'What to change in your code',
  'guidance.label.why': 'Why',
  'guidance.label.avoid': 'What does not help',
  'guidance.label.tradeOff': 'Trade-off',
  'guidance.label.samples':
    'Runnable programs with the fix in C, C#, Java, Python, Go, Node.js and Rust are in the samples folder of SocketCloseTest’s repository, and "socketclosetest explain <result> --lang <language>" prints the lines that matter.',

  'guidance.exhausted.headline':
    'The client ran out of local ports, because the client closes each connection first.',
  'guidance.exhausted.why.1':
    'Whichever side closes a TCP connection first does the active close, and its end of the connection then waits in TIME_WAIT, for two to four minutes on Windows.',
  'guidance.exhausted.why.2':
    'When the client closes first, every closed connection keeps one of the client’s local ports in TIME_WAIT; Windows has 16,384 of them by default (49152-65535), so a loop that opens and closes connections quickly uses them all up within seconds.',
  'guidance.exhausted.why.3':
    'From then on connect, or the bind before it, fails with WSAEADDRINUSE (10048) or WSAENOBUFS (10055), to any server, until the oldest TIME_WAIT entries expire.',
  'guidance.exhausted.why.4':
    'When the server closes first, the TIME_WAIT entry is on the server’s side, where it does no harm: Windows lets a new connection from the same client port take that entry over (TIME_WAIT assassination).',
  'guidance.exhausted.why.5':
    'The same code runs without errors on Linux because Linux reuses TIME_WAIT ports for new outgoing connections on loopback (tcp_tw_reuse); that is why it fails only on Windows.',

  'guidance.reset.headline':
    'Some reads ended with a reset instead of the end of the stream, although the server closed first.',
  'guidance.reset.why.1':
    'In this close order the server closes first, so the TIME_WAIT entries are on the server’s side and the client does not run out of ports.',
  'guidance.reset.why.2':
    'A new connection from a client port often arrives while the server still holds that port’s previous connection in TIME_WAIT, and Windows takes that entry over (TIME_WAIT assassination); now and then, after the ports have been reused many times, the client’s read then fails with WSAECONNRESET (10054).',
  'guidance.reset.why.3':
    'The reset comes after the server has closed, once everything it sent has arrived, so a client that reads to the end can safely ignore a read error at that point.',

  'guidance.ok.headline': 'Nothing needs to change: every connection was made without an error.',
  'guidance.ok.why.1':
    'Either the server closed first, so TIME_WAIT stayed on the server’s side where it does no harm, or the client closed abortively and left no TIME_WAIT at all.',
  'guidance.ok.why.2':
    'On Linux an "ok" for a client-first order says little about Windows, because Linux reuses TIME_WAIT ports on loopback; to see what Windows will do, run the test on Windows or with --emulate-windows.',

  'guidance.no-connections.headline': 'No connection was made, so this run says nothing about your code yet.',
  'guidance.no-connections.why.1':
    'The run ended before its first connection: it was stopped very early, or the server’s port could not be reached.',
  'guidance.no-connections.why.2':
    'Run it again for longer, or with another port, before drawing a conclusion.',

  'guidance.error.headline': 'The run met errors that are not the known close-order problems.',
  'guidance.error.why.1':
    'Neither port exhaustion nor a reset at the end of a read explains these errors; the error table names each one with its side, operation and ports.',
  'guidance.error.why.2':
    'Another program on the same port, a firewall or a full listen queue are the usual causes; if the errors are port errors after all, the remedies below apply.',

  'guidance.remedy.server-closes-first.title':
    'Let the server close first: the client asks, the server closes.',
  'guidance.remedy.server-closes-first.step.1':
    'The client sends a request that asks the server to close, for example a "quit" command or a request that the server answers and then closes the connection.',
  'guidance.remedy.server-closes-first.step.2':
    'The server closes its socket first, as soon as it has sent its answer, so the TIME_WAIT entry is on the server’s side.',
  'guidance.remedy.server-closes-first.step.3':
    'The client reads until the end of the stream (recv returns 0), ignores a read error such as WSAECONNRESET at that point, and only then closes its socket.',
  'guidance.remedy.server-closes-first.step.4':
    'The client must not call shutdown(SD_SEND) first (socket.end() in Node, shutdownOutput() in Java, shutdown(SHUT_WR) in C): that half-closes the client’s side first and brings the problem back.',
  'guidance.remedy.server-closes-first.tradeOff':
    'Both sides of the protocol change, and the client waits one round trip longer for the server’s close; this is the remedy that keeps every byte and every error meaningful.',

  'guidance.remedy.abortive-close.title': 'Close the client abortively, with SO_LINGER set to zero.',
  'guidance.remedy.abortive-close.step.1':
    'Turn SO_LINGER on with a timeout of 0 on the client socket and then close it: the socket sends a reset (RST) instead of FIN and leaves no TIME_WAIT behind.',
  'guidance.remedy.abortive-close.tradeOff':
    'Anything still unsent is thrown away and the server sees a reset instead of an orderly end, so use it only when the client knows that everything it sent has been answered.',

  'guidance.remedy.reuse-connections.title': 'Reuse connections instead of opening one per request.',
  'guidance.remedy.reuse-connections.step.1':
    'Keep connections open and send many requests over each one (HTTP keep-alive, a connection pool), so that far fewer connections are opened and closed.',
  'guidance.remedy.reuse-connections.tradeOff':
    'The code has to handle connections that the server closes while they are idle, and a pool needs a size and a lifetime.',

  'guidance.remedy.widen-port-range.title': 'Widen the dynamic port range.',
  'guidance.remedy.widen-port-range.step.1':
    'As administrator, "netsh int ipv4 set dynamicport tcp start=10000 num=55535" gives clients more than three times as many local ports; "netsh int ipv4 show dynamicport tcp" shows the current range.',
  'guidance.remedy.widen-port-range.tradeOff':
    'It only delays the exhaustion, it changes the whole machine, and programs that listen on a port inside the new range may find it taken.',

  'guidance.avoid.reuseaddr':
    'Setting SO_REUSEADDR on the client socket does not help: the ports are held by TIME_WAIT entries of the client’s own earlier connections, and Windows still refuses a connection that would repeat one of them.',
  'guidance.avoid.timedwaitdelay':
    'Lowering TcpTimedWaitDelay in the registry shortens TIME_WAIT for every program on the machine, needs administrator rights and a restart, and at a high connection rate only delays the exhaustion.',
} as const satisfies Record<string, string>;

export type GuidanceKey = keyof typeof GUIDANCE_TEXT;

const remedyKeys = (id: RemedyId, steps: number): RemedyKeys => ({
  id,
  title: `guidance.remedy.${id}.title`,
  steps: Array.from({ length: steps }, (_, i) => `guidance.remedy.${id}.step.${i + 1}`),
  tradeOff: `guidance.remedy.${id}.tradeOff`,
});

const REMEDY_KEYS: Record<RemedyId, RemedyKeys> = {
  'server-closes-first': remedyKeys('server-closes-first', 4),
  'abortive-close': remedyKeys('abortive-close', 1),
  'reuse-connections': remedyKeys('reuse-connections', 1),
  'widen-port-range': remedyKeys('widen-port-range', 1),
};

const whyKeys = (outcome: Outcome, n: number): string[] =>
  Array.from({ length: n }, (_, i) => `guidance.${outcome}.why.${i + 1}`);

const GUIDANCE_KEYS: Record<Outcome, GuidanceKeys> = {
  exhausted: {
    outcome: 'exhausted',
    tone: 'problem',
    headline: 'guidance.exhausted.headline',
    why: whyKeys('exhausted', 5),
    remedies: ['server-closes-first', 'abortive-close', 'reuse-connections', 'widen-port-range'],
    avoid: ['guidance.avoid.reuseaddr', 'guidance.avoid.timedwaitdelay'],
  },
  reset: {
    outcome: 'reset',
    tone: 'problem',
    headline: 'guidance.reset.headline',
    why: whyKeys('reset', 3),
    remedies: ['server-closes-first', 'reuse-connections'],
    avoid: [],
  },
  ok: {
    outcome: 'ok',
    tone: 'fine',
    headline: 'guidance.ok.headline',
    why: whyKeys('ok', 2),
    remedies: [],
    avoid: [],
  },
  'no-connections': {
    outcome: 'no-connections',
    tone: 'inconclusive',
    headline: 'guidance.no-connections.headline',
    why: whyKeys('no-connections', 2),
    remedies: [],
    avoid: [],
  },
  error: {
    outcome: 'error',
    tone: 'problem',
    headline: 'guidance.error.headline',
    why: whyKeys('error', 2),
    remedies: ['server-closes-first', 'reuse-connections'],
    avoid: [],
  },
};

export interface Remedy {
  id: RemedyId;
  title: string;
  steps: string[];
  tradeOff: string;
}

/** One outcome's guidance in words. */
export interface Guidance {
  outcome: Outcome;
  tone: GuidanceTone;
  headline: string;
  why: string[];
  remedies: Remedy[];
  avoid: string[];
}

/** Looks a key up; a translated catalogue may leave keys out, and English fills them in. */
export type Translate = (key: GuidanceKey) => string;

const english: Translate = (key) => GUIDANCE_TEXT[key];

function say(key: string, t: Translate): string {
  if (!(key in GUIDANCE_TEXT)) throw new Error(`No guidance text "${key}".`);
  return t(key as GuidanceKey);
}

/** The guidance for an outcome, in the catalogue's words (English unless a translation is given). */
export function guidanceFor(outcome: Outcome, t: Translate = english): Guidance {
  const keys = GUIDANCE_KEYS[outcome];
  return {
    outcome,
    tone: keys.tone,
    headline: say(keys.headline, t),
    why: keys.why.map((k) => say(k, t)),
    remedies: keys.remedies.map((id) => {
      const r = REMEDY_KEYS[id];
      return {
        id,
        title: say(r.title, t),
        steps: r.steps.map((k) => say(k, t)),
        tradeOff: say(r.tradeOff, t),
      };
    }),
    avoid: keys.avoid.map((k) => say(k, t)),
  };
}

/** The outcome each mode is known to give on Windows 10, the guidance `explain <mode>` shows. */
export const WINDOWS_OUTCOME: Record<Mode, Outcome> = {
  any: 'exhausted',
  client: 'exhausted',
  simultaneous: 'exhausted',
  server: 'ok',
  graceful: 'reset',
  workaround: 'ok',
  abort: 'ok',
};

const OUTCOME_ORDER: readonly Outcome[] = ['exhausted', 'reset', 'error', 'no-connections', 'ok'];

/**
 * The outcomes worth a "What to change" paragraph, gravest first. When a problem is present, "ok"
 * and "no connections" are left out: the reader's attention belongs to the problem.
 */
export function outcomesToExplain(outcomes: Iterable<Outcome>): Outcome[] {
  const present = new Set(outcomes);
  const listed = OUTCOME_ORDER.filter((o) => present.has(o));
  const problems = listed.filter((o) => GUIDANCE_KEYS[o].tone === 'problem');
  return problems.length > 0 ? problems : listed;
}

/** The headings and the pointer to the samples that go around the guidance. */
export const GUIDANCE_LABELS = {
  title: 'guidance.label.title',
  why: 'guidance.label.why',
  avoid: 'guidance.label.avoid',
  tradeOff: 'guidance.label.tradeOff',
  samples: 'guidance.label.samples',
} as const satisfies Record<string, GuidanceKey>;

export type GuidanceLabel = keyof typeof GUIDANCE_LABELS;

export function guidanceLabel(label: GuidanceLabel, t: Translate = english): string {
  return t(GUIDANCE_LABELS[label]);
}

/** Every key the guidance refers to, labels included: a translation must cover these. */
export function guidanceKeys(): string[] {
  const keys = new Set<string>(Object.values(GUIDANCE_LABELS));
  for (const g of Object.values(GUIDANCE_KEYS))
    for (const k of [g.headline, ...g.why, ...g.avoid]) keys.add(k);
  for (const r of Object.values(REMEDY_KEYS)) for (const k of [r.title, ...r.steps, r.tradeOff]) keys.add(k);
  return [...keys];
}
