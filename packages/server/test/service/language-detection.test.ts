/**
 * The rules of language detection (language-detection.ts), with the real detector: short text says
 * nothing, a given language wins, customer turns accumulate until confident, then detection stops.
 */
import { describe, expect, it } from 'vitest';
import {
  countLetters,
  detectAfterTurn,
  detectSample,
  extendSample,
  loadLanguageDetector,
  MAX_SAMPLE_CHARS,
  MAX_TURN_CHARS,
  withDetectedLanguage,
  type LanguageDetectionState,
} from '../../src/service/language-detection.ts';

const empty: LanguageDetectionState = { detectedLanguage: null, languageSample: null };
const customerSays = (text: string) => ({ role: 'customer', text });

describe('language detection', () => {
  it.each(['ok', 'sí', 'hola', 'gracias', '👍', '12345', '?'])('leaves %j unknown', async (text) => {
    const after = await detectAfterTurn(empty, customerSays(text), {});
    expect(after.detectedLanguage).toBeNull();
    expect(after.languageSample).toBe(text);
  });

  it.each([
    ['Hola, no puedo entrar en mi cuenta y necesito ayuda con el pago de este mes', 'es'],
    ['Bonjour, je voudrais annuler ma commande, elle est arrivée cassée', 'fr'],
    ['Ich habe meine Karte verloren und brauche sofort eine neue', 'de'],
    ['Olá, minha encomenda ainda não chegou e preciso de ajuda', 'pt'],
    ['I was charged twice for my order and I would like a refund', 'en'],
    ['我的订单还没有到，请帮我查一下', 'zh'],
  ])('detects %j as %s', async (text, language) => {
    const after = await detectAfterTurn(empty, customerSays(text), {});
    expect(after).toEqual({ detectedLanguage: language, languageSample: null });
  });

  it('accumulates short customer turns until the sample is confident', async () => {
    let state = await detectAfterTurn(empty, customerSays('hola'), {});
    expect(state.detectedLanguage).toBeNull();
    state = await detectAfterTurn(state, customerSays('sí'), {});
    expect(state).toEqual({ detectedLanguage: null, languageSample: 'hola\nsí' });
    state = await detectAfterTurn(state, customerSays('no encuentro mi pedido'), {});
    expect(state).toEqual({ detectedLanguage: 'es', languageSample: null });
  });

  it('never reads agent turns', async () => {
    const long = 'Thank you for your patience, I am checking your order details right now for you';
    expect(await detectAfterTurn(empty, { role: 'agent', text: long }, {})).toBe(empty);
    const state = await detectAfterTurn(empty, customerSays('hola'), {});
    expect(await detectAfterTurn(state, { role: 'agent', text: long }, {})).toBe(state);
  });

  it('lets a language given on the turn or the conversation win, and detects nothing then', async () => {
    const spanish = 'Hola, no puedo entrar en mi cuenta y necesito ayuda con el pago';
    expect(await detectAfterTurn(empty, customerSays(spanish), { language: 'en' })).toBe(empty);
    expect(withDetectedLanguage({ language: 'en-GB', tier: 'vip' }, 'es')).toEqual({
      language: 'en-GB',
      tier: 'vip',
    });
    expect(withDetectedLanguage({ tier: 'vip' }, 'es')).toEqual({ tier: 'vip', language: 'es' });
    expect(withDetectedLanguage({ language: '  ' }, null)).toEqual({ language: '  ' });
  });

  it('stops detecting once a language is confident', async () => {
    const settled: LanguageDetectionState = { detectedLanguage: 'es', languageSample: null };
    const after = await detectAfterTurn(
      settled,
      customerSays('I would like to talk to someone about my bill'),
      {},
    );
    expect(after).toBe(settled);
  });

  it('bounds what one turn adds and what the sample keeps', () => {
    const turn = 'a'.repeat(MAX_TURN_CHARS * 2);
    expect(extendSample(null, turn)).toHaveLength(MAX_TURN_CHARS);
    let sample: string | null = null;
    for (let index = 0; index < 10; index++) sample = extendSample(sample, `${index}${turn}`);
    expect(sample!.length).toBe(MAX_SAMPLE_CHARS);
    expect(sample!.endsWith('a')).toBe(true);
    expect(sample).toContain('\n9');
  });

  it('counts a CJK character as three letters and ignores digits and signs', async () => {
    expect(countLetters('ok 123 !!')).toBe(2);
    expect(countLetters('你好')).toBe(6);
    const detector = await loadLanguageDetector();
    expect(detectSample(detector, '').language).toBe('unknown');
    expect(detectSample(detector, 'ok thanks', { minLetters: 20, minMargin: 0 }).language).toBe('unknown');
  });
});
