import { createApp } from 'vue';
// Defines <todo-app> and friends; vite.demo.config.ts tells Vue's compiler that
// <todo-*> tags are custom elements (isCustomElement), not Vue components.
import 'todo-widget';
import App from './App.vue';

createApp(App).mount('#app');
