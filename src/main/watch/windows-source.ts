/**
 * Windows' connection table for the watch: `netstat -ano` for IPv4 and IPv6 (owners from the PID
 * column), program names from `tasklist`, and the System log's port-exhaustion events.
 */
import type { TableSource } from './table-source';
import { UserError } from '../user-error';

export function windowsSource(): TableSource {
  return {
    read() {
      return Promise.reject(new UserError('Watching connections on Windows is not ready yet.'));
    },
  };
}
