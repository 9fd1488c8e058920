/**
 * Functions that run inside the page (Playwright sends their source), reading what a screen reader
 * or a keyboard user meets. The Node side is compiled without the DOM's types: the few browser
 * globals they use are declared here, for this module only.
 */

interface PageElement {
  tagName: string;
  textContent: string | null;
  parentElement: PageElement | null;
  getAttribute(name: string): string | null;
}
interface PageStyle {
  outlineStyle: string;
  outlineWidth: string;
  outlineColor: string;
  backgroundColor: string;
}
declare const document: {
  body: PageElement;
  documentElement: PageElement;
  activeElement: (PageElement & { blur(): void }) | null;
  createTreeWalker(
    root: PageElement,
    show: number,
  ): { nextNode(): { textContent: string | null; parentElement: PageElement | null } | null };
};
declare const NodeFilter: { SHOW_TEXT: number };
declare function getComputedStyle(element: PageElement): PageStyle;
declare function requestAnimationFrame(callback: () => void): number;

/** What a screen reader would read out of the live regions now (text under aria-live, status, alert). */
export function liveTexts(): string[] {
  const liveness = (start: PageElement | null): string => {
    for (let e = start; e; e = e.parentElement) {
      const live = e.getAttribute('aria-live');
      if (live) return live;
      const role = e.getAttribute('role');
      if (role === 'status' || role === 'log') return 'polite';
      if (role === 'alert') return 'assertive';
      if (role === 'timer' || role === 'marquee') return 'off';
    }
    return 'off';
  };
  const out: string[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.textContent?.trim();
    if (text && liveness(n.parentElement) !== 'off') out.push(text);
  }
  return out;
}

/** The element with keyboard focus, in words: its tag and name, or "the page" when none has it. */
export function focusedElement(): string {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return 'the page';
  const name = (e.getAttribute('aria-label') ?? e.textContent ?? '').trim().replace(/\s+/g, ' ');
  return `${e.tagName.toLowerCase()} "${name}"`;
}

export function blurFocused(): void {
  document.activeElement?.blur();
}

export interface Ring {
  style: string;
  width: number;
  color: number[];
  background: number[];
  what: string;
}

/** The focused element's focus ring: its outline, and the first opaque background behind it. */
export function focusRing(): Ring | null {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).slice(0, 4).map(Number);
  const style = getComputedStyle(e);
  let background = [255, 255, 255];
  for (let a = e.parentElement; a; a = a.parentElement) {
    const c = rgb(getComputedStyle(a).backgroundColor);
    if (c.length === 3 || (c.length === 4 && c[3]! > 0)) {
      background = c.slice(0, 3);
      break;
    }
  }
  return {
    style: style.outlineStyle,
    width: Number.parseFloat(style.outlineWidth),
    color: rgb(style.outlineColor).slice(0, 3),
    background,
    what: `${e.tagName.toLowerCase()} "${(e.getAttribute('aria-label') ?? e.textContent ?? '').trim().slice(0, 40)}"`,
  };
}

/** Resolves after the next frame is drawn. */
export function nextFrame(): Promise<void> {
  return new Promise((done) => requestAnimationFrame(() => done()));
}

/** WCAG's contrast ratio of two sRGB colours (0-255 each). */
export function contrastRatio(a: readonly number[], b: readonly number[]): number {
  const luminance = (rgb: readonly number[]): number => {
    const [r, g, bl] = rgb.map((c) => {
      const v = c / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}
