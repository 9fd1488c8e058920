/**
 * Names, keys and values echoed into a message come from the file or the command line, and may be
 * megabytes long: a message shows their start, enough to recognise them.
 */
export function clip(text: string, max = 40): string {
  if (text.length <= max) return text;
  // Never cut a surrogate pair in half.
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 2)) ? max - 2 : max - 1;
  return `${text.slice(0, end)}…`;
}
