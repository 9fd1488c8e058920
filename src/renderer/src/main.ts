import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { t } from './i18n/locale.svelte';
import { WindowStore } from './store/window-store.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('the page has no #app element');

// The one place that reads the preload's bridge; everything below gets it through the store.
// Without it (the preload failed to load) there is nothing to drive: say so instead of a blank window.
const api = (window as Partial<Window>).api;
if (api) {
  mount(App, { target, props: { store: new WindowStore(api) } });
} else {
  target.textContent = t('app.noEngine');
}
