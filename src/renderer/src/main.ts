import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { Session } from './lib/session.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('the page has no #app element');

// The one place that reads the preload's bridge; everything below gets it through the session.
// Without it (the preload failed to load) there is nothing to drive: say so instead of a blank window.
const api = (window as Partial<Window>).api;
if (api) {
  mount(App, { target, props: { session: new Session(api) } });
} else {
  target.textContent =
    'SocketCloseTest could not start its test engine. Close the program and open it again.';
}
