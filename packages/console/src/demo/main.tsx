/** The demo page's entry point (`/demo`). */
import '../strict-csp.ts'; // Before anything that loads zod: see the file.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { DemoChat } from './demo-chat.tsx';
import './demo.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <DemoChat />
  </StrictMode>,
);
