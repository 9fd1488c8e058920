/**
 * macOS' connection table for the watch: `netstat -an -p tcp` for the counts (lsof lists no
 * TIME_WAIT), and `lsof -nP -iTCP` for the owners when it answers.
 */
import type { TableSource } from './table-source';
import { UserError } from '../user-error';

export function macosSource(): TableSource {
  return {
    read() {
      return Promise.reject(new UserError('Watching connections on macOS is not ready yet.'));
    },
  };
}
