/**
 * Ports Windows keeps for itself. Hyper-V, WSL, Docker and WinNAT reserve blocks of ports, listed
 * by `netsh int ipv4 show excludedportrange protocol=tcp`; listening inside one fails with EACCES
 * whoever asks. The run's machine facts already hold those ranges, so a run is refused beforehand
 * with a sentence naming the reservation, not a permission error.
 */
import { DEFAULT_CONFIG, type PortRange, type SystemInfo } from '../../shared/types';

export type PortFacts = Pick<SystemInfo, 'platform' | 'excludedRanges'>;

/**
 * The excluded range holding `port` on Windows; null when none does, when the ranges could not be
 * read, and on other systems (Linux's ip_local_reserved_ports only keeps ports out of the
 * ephemeral range, it does not stop a listener).
 */
export function reservedRangeOf(port: number, facts: PortFacts): PortRange | null {
  return excludedRanges(facts).find((range) => inside(port, range)) ?? null;
}

function excludedRanges(facts: PortFacts): readonly PortRange[] {
  return facts.platform === 'win32' ? (facts.excludedRanges?.value ?? []) : [];
}

function inside(port: number, range: PortRange): boolean {
  return port >= range.start && port <= range.end;
}

/** 40000, then round numbers up to 48000, below the dynamic range (49152 up) the client's ports use. */
const SUGGESTIONS = [
  DEFAULT_CONFIG.port,
  ...Array.from({ length: 8 }, (_, i) => 41000 + i * 1000),
  30000,
  20000,
];

/** A port to suggest instead of `refused`, free of Windows' reservations; null if none is. */
export function portToSuggest(refused: number, facts: PortFacts): number | null {
  const ranges = excludedRanges(facts);
  return SUGGESTIONS.find((port) => port !== refused && !ranges.some((range) => inside(port, range))) ?? null;
}

function suggestion(refused: number, facts: PortFacts): string {
  const port = portToSuggest(refused, facts);
  return port === null ? '' : `, for example ${port}`;
}

/** "Port 50000 is reserved by Windows (excluded range 49990-50089, ...). Choose a port outside it, ..." */
export function reservedPortMessage(port: number, range: PortRange, facts: PortFacts): string {
  const where =
    range.start === range.end ? `excluded port ${range.start}` : `excluded range ${range.start}-${range.end}`;
  return (
    `Port ${port} is reserved by Windows (${where}, often Hyper-V, WSL or Docker). ` +
    `Choose a port outside it${suggestion(port, facts)}.`
  );
}

/**
 * Listening failed with EACCES. On Windows that is no question of privileges: the port was reserved
 * after the facts were read (or they could not be read), or another program holds it with
 * SO_EXCLUSIVEADDRUSE. Elsewhere it is a port below 1024 without the right to open it.
 */
export function listenRefusedMessage(port: number, facts: PortFacts): string {
  if (facts.platform !== 'win32') {
    return `Port ${port} may not be opened by this user. Choose a port above 1024.`;
  }
  return (
    `Windows refused port ${port}. It is most likely inside a range Windows reserves (often for Hyper-V, WSL or Docker; ` +
    `"netsh int ipv4 show excludedportrange protocol=tcp" lists them), or another program holds it for itself. ` +
    `Choose another port${suggestion(port, facts)}.`
  );
}
