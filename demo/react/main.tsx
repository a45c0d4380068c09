import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// Defines <todo-app> and friends before React renders them, so React 19 sets
// known properties (list, showStatus) as properties rather than attributes.
import 'todo-widget';
import { App } from './App.tsx';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
