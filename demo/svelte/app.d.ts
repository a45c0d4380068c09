// <todo-app>'s properties and ontodo-* events in Svelte markup, typed (generated from the manifest).
import type {} from 'todo-widget/svelte';
