import { mount } from 'svelte';
// Defines <todo-app> and friends before Svelte renders them, so Svelte 5 sets the properties
// the element has (list, showStatus) as properties rather than attributes.
import 'todo-widget';
import App from './App.svelte';

mount(App, { target: document.getElementById('app')! });
