import { MODES, MODE_INFO } from '../../shared/modes';
import { UserError } from '../user-error';

export const USAGE = `Usage: socketclosetest <mode> [options]
       socketclosetest all [options]
       socketclosetest netstat --port P [--json] [--input FILE --format windows|linux-proc|linux-ss|macos]
       socketclosetest compare a.zip b.json ...
       socketclosetest explain [mode|result] [--lang c|csharp|java|python|go|node|rust]
       socketclosetest watch [--interval S] [--json FILE] [--csv FILE] [--once]

Repeatedly connects to a loopback port and closes in the order of <mode>, counting
half-connections and recording every error with its port and a millisecond timestamp.
"watch" shows, every interval, which destination this computer's programs run out of ports
toward, which program holds them and how long until connects fail ("watch --help").

Modes:
${MODES.map((m) => `  ${m.padEnd(13)} ${MODE_INFO[m].does}`).join('\n')}

Options:
  --duration S        seconds to run (default 60)
  --port P            the server's port (default 40000)
  --host H            127.0.0.1 (default) or ::1
  --max-errors N      stop after N errors (default 10)
  --connections N     stop after N successful connects
  --json FILE         write the result as JSON (each run's first 100 and last 1,000 errors;
                      beyond those, a run log with every error is kept and named)
  --markdown FILE     write the results table and machine facts as Markdown
  --csv FILE          write the errors as CSV (the per-second samples beside it)
  --run-log FILE      write the run log: JSON Lines, every error (however many), each second's
                      sample and each run's result, one per line
  --force             start even if half-connections of an earlier run are still listed
  --emulate-windows   Linux: run in a network namespace with Windows' port range and no
                      TIME_WAIT reuse, to see what Windows will do
  --port-range A-B    with --emulate-windows: another ephemeral range (default 49152-65535)
  --modes a,b,...     with "all": the modes to run (default any,client,server,simultaneous,graceful)
  -h, --help          this text
  -v, --version       the version

Exit codes: 0 the run completed (whatever it found), 2 bad usage or the run could not start,
130 stopped with Ctrl-C, 129 when the terminal was closed, 143 when killed with SIGTERM
(stopped runs still write their results).
`;

/** Bad usage: the message is printed with a pointer to --help, and the exit code is 2. */
export class UsageError extends UserError {
  override name = 'UsageError';
  constructor(message: string) {
    super(message, { hint: 'Run "socketclosetest --help" for the usage.' });
  }
}
