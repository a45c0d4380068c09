// <todo-app>'s properties and @todo-* events in Vue templates, typed (generated from the manifest).
import type {} from 'todo-widget/vue';
