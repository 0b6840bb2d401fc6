// @vitest-environment happy-dom
/**
 * Component tests for the pieces with logic, rendered by React into happy-dom: the outcome form
 * refuses to resolve until the required questions are answered, and the composer's templates and
 * Ctrl+Enter work. (Written with createElement: the test glob takes .ts files only.)
 */
import { act, createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Composer } from '../src/components/composer.tsx';
import { OutcomeForm } from '../src/components/outcome-form.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLElement;
let root: Root;

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

const button = (name: string) =>
  [...container.querySelectorAll('button')].find((element) => element.textContent?.trim() === name)!;
const radio = (field: string, value: 'yes' | 'no') =>
  container.querySelector<HTMLInputElement>(`input[name="${field}"][value="${value}"]`)!;

describe('OutcomeForm', () => {
  it('asks for the required answers, then sends the outcome', async () => {
    const onSubmit = vi.fn(async () => undefined);
    act(() => root.render(createElement(OutcomeForm, { onSubmit, onCancel: () => undefined })));

    await act(async () => button('Resolve').click());
    expect(onSubmit).not.toHaveBeenCalled();
    expect(container.querySelectorAll('[role="alert"]')).toHaveLength(2);
    expect(container.querySelectorAll('fieldset[aria-invalid="true"]')).toHaveLength(2);

    act(() => radio('resolved', 'yes').click());
    act(() => radio('warranted', 'no').click());
    act(() => radio('agentCouldHaveHandled', 'yes').click());
    await act(async () => button('Resolve').click());
    expect(onSubmit).toHaveBeenCalledWith({ resolved: true, warranted: false, agentCouldHaveHandled: true });
  });

  it('labels every question as a group with a legend', () => {
    act(() =>
      root.render(createElement(OutcomeForm, { onSubmit: async () => undefined, onCancel: () => undefined })),
    );
    const legends = [...container.querySelectorAll('fieldset > legend')].map((legend) => legend.textContent);
    expect(legends).toHaveLength(5);
    expect(legends[0]).toContain('(required)');
    expect(container.querySelector('label[for="outcome-notes"]')).not.toBeNull();
  });
});

describe('Composer', () => {
  it('fills the box from a template and sends with Ctrl+Enter', async () => {
    const onSend = vi.fn(async () => true);
    const templates = [
      { id: 'greet', label: 'Greet and acknowledge', text: 'Hi Sam, I have read everything.' },
    ];
    act(() => root.render(createElement(Composer, { templates, focusRequest: null, onSend })));

    act(() => button('Greet and acknowledge').click());
    const box = container.querySelector('textarea')!;
    expect(box.value).toBe('Hi Sam, I have read everything.');
    await act(async () => {
      box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true }));
    });
    expect(onSend).toHaveBeenCalledWith('reply', 'Hi Sam, I have read everything.');
    expect(box.value).toBe('');
  });

  it('switches to an internal note on request, and hides the reply templates there', () => {
    act(() =>
      root.render(
        createElement(Composer, {
          templates: [],
          focusRequest: { mode: 'note', nonce: 1 },
          onSend: async () => true,
        }),
      ),
    );
    expect(container.querySelector('form')?.className).toContain('mode-note');
    expect(container.querySelector('[aria-label="Templates"]')).toBeNull();
    expect(container.querySelector('label[for="composer-text"]')?.textContent).toContain(
      'never shown to the customer',
    );
  });
});
