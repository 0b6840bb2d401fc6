import { describe, expect, it } from 'vitest';
import type { CannedResponse } from '@baton/sdk';
import { readBrief } from '../src/brief.ts';
import {
  cannedTemplates,
  fillVariables,
  searchTemplates,
  shortcutAt,
  unfilledPlaceholders,
  variableValue,
  type FillContext,
} from '../src/canned.ts';

const brief = readBrief({
  summary: 'Lucía wants her order refunded.',
  customer: { name: 'Lucía Fernández', language: 'es' },
  facts: [
    { type: 'order_id', value: 'ORD-1', text: 'ORD-1', turn: 0, superseded: true },
    { type: 'order_id', value: 'ORD-2291', text: 'ORD-2291', turn: 2 },
    { type: 'email', value: 'l•••@x.es', text: 'l•••@x.es', turn: 1, masked: true },
    { type: 'amount', value: 'EUR 640', text: '640 €', turn: 3, role: 'agent' },
  ],
});

const context: FillContext = { customerName: undefined, operatorName: 'Ada', queue: 'billing', brief };

describe('canned response variables', () => {
  it('fills the customer, operator, queue and the newest unmasked fact the customer gave', () => {
    expect(variableValue('customer.name', context)).toBe('Lucía Fernández');
    expect(variableValue('customer.firstName', context)).toBe('Lucía');
    expect(variableValue('operator.name', context)).toBe('Ada');
    expect(variableValue('handoff.queue', context)).toBe('billing');
    // The superseded ORD-1 is not used; the correction is.
    expect(variableValue('brief.order', context)).toBe('ORD-2291');
    // Masked facts and facts the agent stated never fill.
    expect(variableValue('brief.email', context)).toBeUndefined();
    expect(variableValue('brief.amount', context)).toBeUndefined();
    expect(variableValue('brief.nothing', context)).toBeUndefined();
  });

  it('keeps what it cannot fill as a visible placeholder and names it', () => {
    const filled = fillVariables(
      'Hola {{customer.firstName}}, tu pedido {{ brief.order }} y el importe {{brief.amount}}.',
      context,
    );
    expect(filled.text).toBe('Hola Lucía, tu pedido ORD-2291 y el importe {{brief.amount}}.');
    expect(filled.unfilled).toEqual(['brief.amount']);
    expect(unfilledPlaceholders(filled.text)).toEqual(['{{brief.amount}}']);
    expect(unfilledPlaceholders('All filled in.')).toEqual([]);
  });

  it('does not greet a masked name', () => {
    const masked = { ...context, customerName: 'L••• F•••', brief: null };
    expect(fillVariables('Hi {{customer.firstName}}', masked)).toEqual({
      text: 'Hi {{customer.firstName}}',
      unfilled: ['customer.firstName'],
    });
  });

  it('lists responses as templates, searchable by title and shortcut, and expands a typed shortcut', () => {
    const response = (id: string, title: string, shortcut: string | null, body: string): CannedResponse => ({
      id,
      title,
      shortcut,
      body,
      queue: 'billing',
      language: 'es',
      version: 1,
      createdBy: 'lead',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedBy: 'lead',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
    const templates = cannedTemplates(
      [
        response('a', 'Reembolso', 'reembolso', 'Hola {{customer.firstName}}, reembolso de {{brief.order}}.'),
        response('b', 'Despedida', null, 'Gracias, {{customer.name}}.'),
      ],
      context,
    );
    expect(templates[0]).toMatchObject({
      label: 'Reembolso',
      text: 'Hola Lucía, reembolso de ORD-2291.',
      shortcut: 'reembolso',
      unfilled: [],
      scope: 'billing · ES',
    });
    expect(searchTemplates(templates, 'desp').map((template) => template.label)).toEqual(['Despedida']);
    expect(searchTemplates(templates, '/reemb').map((template) => template.label)).toEqual(['Reembolso']);
    expect(searchTemplates(templates, '')).toHaveLength(2);

    const typed = 'Buenas. /reembolso ';
    expect(shortcutAt(typed, typed.length, templates)).toMatchObject({ start: 8, end: typed.length });
    expect(shortcutAt('a/reembolso ', 12, templates)).toBeNull();
    expect(shortcutAt('/unknown ', 9, templates)).toBeNull();
    expect(shortcutAt('/reembolso', 10, templates)).toBeNull();
  });
});
