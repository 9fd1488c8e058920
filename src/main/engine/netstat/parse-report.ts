/** What a parser saw, beyond the counts: enough to tell an empty table from text that is not one. */
export interface ParseReport {
  /** Connection-table rows counted (listeners included). */
  rows: number;
  /** Non-empty lines that were neither a row nor the header: titles, and anything unreadable. */
  skipped: number;
  /** Whether the table's header line was seen. */
  header: boolean;
}
