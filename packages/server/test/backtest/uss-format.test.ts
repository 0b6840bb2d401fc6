import { describe, expect, it } from 'vitest';
import { parseUss } from '../../src/backtest/uss-format.ts';
import { replayConversationSchema } from '../../src/replay/replay-format.ts';

const TEXT = [
  'USER\tFind me a flight to Denver.\tINFORM_INTENT\t3,3,3',
  'SYSTEM\tWhen would you like to leave?\tREQUEST\t',
  'USER\tI said tomorrow already.\tINFORM\t2,2,4',
  'SYSTEM\tThere is a flight at 10 am.\tOFFER\t',
  'USER\tOVERALL\t\t3,3,3',
  '',
  'USER\tPlay some jazz.\tINFORM_INTENT\t4,4,3,3',
  'SYSTEM\tPlaying jazz.\tNOTIFY_SUCCESS\t',
  'USER\tThanks.\tTHANK_YOU\t2,2,3,3',
  'USER\tOVERALL\t\t4,3,4,4',
  '',
  '',
  'USER\tBook a table.\tINFORM_INTENT\t3,3,3',
  'SYSTEM\tDone.\tNOTIFY_SUCCESS\t',
  'USER\tOVERALL\t\t2,1,3',
].join('\n');

describe('parseUss', () => {
  it('turns each dialogue into a conversation: USER → customer, SYSTEM → agent, OVERALL not a turn', () => {
    const conversations = parseUss(TEXT, 'SGD');
    expect(conversations.map((conversation) => conversation.id)).toEqual(['SGD-1', 'SGD-2', 'SGD-3']);
    expect(conversations[0]!.turns).toEqual([
      { role: 'customer', text: 'Find me a flight to Denver.' },
      { role: 'agent', text: 'When would you like to leave?' },
      { role: 'customer', text: 'I said tomorrow already.' },
      { role: 'agent', text: 'There is a flight at 10 am.' },
    ]);
    for (const conversation of conversations)
      expect(replayConversationSchema.safeParse(conversation).success).toBe(true);
  });

  it('labels by most raters (a turn 2,2,4 is low; 2,2,3,3 is not), or by the mean', () => {
    const majority = parseUss(TEXT, 'SGD').map((conversation) => conversation.outcome);
    expect(majority).toEqual([
      { shouldEscalate: true, lowTurns: 1, lowOverall: false },
      { shouldEscalate: false, lowTurns: 0, lowOverall: false },
      { shouldEscalate: true, lowTurns: 0, lowOverall: true },
    ]);
    const mean = parseUss(TEXT, 'SGD', 'mean').map((conversation) => conversation.outcome.shouldEscalate);
    // 2,2,4 averages 2.67; 2,2,3,3 averages 2.5; overall 2,1,3 averages 2.
    expect(mean).toEqual([false, false, true]);
  });
});
