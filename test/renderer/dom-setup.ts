/**
 * What jsdom lacks and the window uses: matchMedia (the theme, uPlot's pixel ratio) and element
 * sizes (the virtual list measures its scroller). Imported first by every component test.
 */
if (!window.matchMedia) {
  window.matchMedia = (query: string): MediaQueryList => ({
    matches: false,
    media: query,
    onchange: null,
    addEventListener: () => {},
    removeEventListener: () => {},
    addListener: () => {},
    removeListener: () => {},
    dispatchEvent: () => false,
  });
}

// jsdom has no canvas: say so plainly instead of logging "not implemented" (the chart then shows its sentence).
HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;

// jsdom lays nothing out; give every element the size of the error log's scroller (216 px: 9 rows).
Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => 216 });
Object.defineProperty(HTMLElement.prototype, 'offsetWidth', { configurable: true, get: () => 800 });
