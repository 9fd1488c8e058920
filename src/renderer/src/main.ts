import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { Session } from './lib/session.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('the page has no #app element');
// The one place that reads the preload's bridge; everything below gets it through the session.
const session = new Session(window.api);
export default mount(App, { target, props: { session } });
