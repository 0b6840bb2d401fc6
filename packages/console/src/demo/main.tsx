/** The demo page's entry point (`/demo`). */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { DemoChat } from './demo-chat.tsx';
import './demo.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <DemoChat />
  </StrictMode>,
);
