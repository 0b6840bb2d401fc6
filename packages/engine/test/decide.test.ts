import { describe, expect, it } from 'vitest';
import {
  compilePolicy,
  decide,
  defaultPolicy,
  initialState,
  SELF_HARM_TRIGGER,
  type EngineState,
  type PolicyInput,
  type Turn,
} from '../src/index.ts';

let clock = Date.UTC(2026, 0, 1);
function turn(role: Turn['role'], text: string, extra: Partial<Turn> = {}): Turn {
  clock += 30_000;
  return { role, text, at: new Date(clock).toISOString(), ...extra };
}

/** Runs turns through decide and returns every decision and the final state. */
function run(policyInput: PolicyInput, turns: Turn[], start: EngineState = initialState()) {
  const policy = compilePolicy(policyInput);
  let state = start;
  const decisions = turns.map((current) => {
    const result = decide(state, current, policy);
    state = result.state;
    return result.decision;
  });
  return { decisions, state };
}

const confidencePolicy = (extra: Partial<PolicyInput['triggers'][number]> = {}): PolicyInput => ({
  version: 'test-1',
  triggers: [
    {
      id: 'low-confidence',
      when: { signal: 'low_confidence', field: 'consecutive', gte: 2 },
      action: 'handoff',
      priority: 'high',
      queue: 'billing',
      message: 'A person will take over.',
      ...extra,
    },
  ],
});

describe('decide', () => {
  it('continues when nothing fires and records the policy version', () => {
    const { decisions } = run(confidencePolicy(), [
      turn('customer', 'hello'),
      turn('agent', 'hi!', { confidence: 0.9 }),
    ]);
    expect(decisions.map((decision) => decision.action)).toEqual(['continue', 'continue']);
    expect(decisions[1]!.policyVersion).toBe('test-1');
    expect(decisions[1]!.firings).toEqual([]);
  });

  it('counts low confidence in a row and resets on a confident turn', () => {
    const { decisions } = run(confidencePolicy(), [
      turn('agent', 'maybe this', { confidence: 0.3 }),
      turn('agent', 'now sure', { confidence: 0.9 }),
      turn('agent', 'hmm', { confidence: 0.2 }),
      turn('customer', 'ok?'),
      turn('agent', 'hmm again', { confidence: 0.1 }),
    ]);
    expect(decisions.map((decision) => decision.action)).toEqual([
      'continue',
      'continue',
      'continue',
      'continue',
      'handoff',
    ]);
    const last = decisions[4]!;
    expect(last).toMatchObject({
      trigger: 'low-confidence',
      priority: 'high',
      queue: 'billing',
      message: 'A person will take over.',
    });
    expect(last.firings[0]).toMatchObject({
      trigger: 'low-confidence',
      signal: 'low_confidence',
      shadow: false,
    });
    expect(last.firings[0]!.evidence.join(' ')).toContain('0.1');
  });

  it('records a shadow firing without changing the decision', () => {
    const { decisions } = run(confidencePolicy({ mode: 'shadow' }), [
      turn('agent', 'a', { confidence: 0.1 }),
      turn('agent', 'b', { confidence: 0.1 }),
    ]);
    expect(decisions[1]!.action).toBe('continue');
    expect(decisions[1]!.firings).toEqual([
      expect.objectContaining({ trigger: 'low-confidence', shadow: true }),
    ]);
  });

  it('counts tool failures consecutively and in total', () => {
    const policy: PolicyInput = {
      version: 'failures',
      triggers: [
        {
          id: 'two-in-a-row',
          when: { signal: 'repeated_failure', field: 'consecutive', gte: 2 },
          action: 'handoff',
        },
        { id: 'three-in-all', when: { signal: 'repeated_failure', field: 'total', gte: 3 }, action: 'flag' },
      ],
    };
    const failed = { toolCalls: [{ name: 'lookup_order', ok: false, error: 'timeout' }] };
    const fine = { toolCalls: [{ name: 'lookup_order', ok: true }] };
    const { decisions } = run(policy, [
      turn('agent', 'Checking your order.', failed),
      turn('agent', 'Here is your order.', fine),
      turn('agent', 'Checking again.', failed),
      turn('agent', 'One more try.', failed),
    ]);
    expect(decisions.map((decision) => decision.action)).toEqual([
      'continue',
      'continue',
      'continue',
      'handoff',
    ]);
    expect(decisions[3]!.firings.map((firing) => firing.trigger)).toEqual(['two-in-a-row', 'three-in-all']);
    expect(decisions[3]!.firings[0]!.evidence[0]).toContain('lookup_order: timeout');
  });

  it('lets the agent ask for a person with its tool call', () => {
    const { decisions } = run(defaultPolicy, [
      turn('customer', 'I need to change the name on my booking'),
      turn('agent', 'Let me get a colleague.', {
        toolCalls: [{ name: 'request_human', ok: true, args: { reason: 'name change needs ID check' } }],
      }),
    ]);
    expect(decisions[1]).toMatchObject({ action: 'handoff', trigger: 'agent-asks-for-person' });
    expect(decisions[1]!.firings[0]!.evidence[0]).toContain('name change needs ID check');
  });

  it('asks for approval when the agent runs a tool the policy reserves', () => {
    const { decisions } = run(defaultPolicy, [
      turn('agent', 'Closing your account now.', { toolCalls: [{ name: 'close_account', ok: true }] }),
    ]);
    expect(decisions[0]).toMatchObject({
      action: 'approval',
      approvalTools: ['close_account'],
      trigger: 'action-needs-approval',
    });
  });

  it('detects an agent that repeats itself', () => {
    const { decisions } = run(defaultPolicy, [
      turn('agent', 'Please restart the app and try logging in again.'),
      turn('customer', 'I did that already'),
      turn('agent', 'Please restart the app and try logging in again!'),
    ]);
    expect(decisions[2]!.action).toBe('offer');
    expect(decisions[2]!.firings[0]).toMatchObject({ trigger: 'conversation-loop', signal: 'loop' });
  });

  it('does not treat different answers as a loop', () => {
    const { decisions } = run(defaultPolicy, [
      turn('agent', 'Please restart the app and try logging in again.'),
      turn('agent', 'Your order shipped yesterday and arrives on Friday.'),
      turn('agent', 'You can change the delivery address in your account settings.'),
    ]);
    expect(decisions.every((decision) => decision.firings.length === 0)).toBe(true);
  });

  it('windows: forTurns needs consecutive turns of the signal role, other roles do not break the streak', () => {
    const policy: PolicyInput = {
      version: 'window',
      triggers: [{ id: 'unsure-3', when: { signal: 'low_confidence', forTurns: 3 }, action: 'offer' }],
    };
    const { decisions } = run(policy, [
      turn('agent', 'a', { confidence: 0.1 }),
      turn('customer', 'x'),
      turn('agent', 'b', { confidence: 0.1 }),
      turn('customer', 'y'),
      turn('agent', 'c', { confidence: 0.1 }),
    ]);
    expect(decisions.map((decision) => decision.action)).toEqual([
      'continue',
      'continue',
      'continue',
      'continue',
      'offer',
    ]);
  });

  it('windows: within N holds for N turns after the signal held', () => {
    const policy: PolicyInput = {
      version: 'within',
      triggers: [
        {
          id: 'unsure-then-failed',
          when: {
            all: [
              { signal: 'low_confidence', within: 2, role: 'agent' },
              { signal: 'repeated_failure', field: 'thisTurn', gte: 1 },
            ],
          },
          action: 'handoff',
        },
      ],
    };
    const failed = { toolCalls: [{ name: 'x', ok: false }] };
    const inside = run(policy, [
      turn('agent', 'a', { confidence: 0.1 }),
      turn('agent', 'b', { confidence: 0.9, ...failed }),
    ]);
    expect(inside.decisions[1]!.action).toBe('handoff');
    const outside = run(policy, [
      turn('agent', 'a', { confidence: 0.1 }),
      turn('agent', 'b', { confidence: 0.9 }),
      turn('agent', 'c', { confidence: 0.9 }),
      turn('agent', 'd', { confidence: 0.9, ...failed }),
    ]);
    expect(outside.decisions[3]!.action).toBe('continue');
  });

  it('not: holds when the inner condition does not', () => {
    const policy: PolicyInput = {
      version: 'not',
      triggers: [
        {
          id: 'confident-but-failing',
          when: { all: [{ signal: 'repeated_failure', gte: 1 }, { not: { signal: 'low_confidence' } }] },
          action: 'flag',
        },
      ],
    };
    const { decisions } = run(policy, [
      turn('agent', 'a', { confidence: 0.9, toolCalls: [{ name: 'x', ok: false }] }),
      turn('agent', 'b', { confidence: 0.1, toolCalls: [{ name: 'x', ok: false }] }),
    ]);
    expect(decisions[0]!.firings.map((firing) => firing.trigger)).toEqual(['confident-but-failing']);
    expect(decisions[1]!.firings).toEqual([]);
    expect(decisions[0]!.action).toBe('continue');
  });

  it('the strongest action wins, then the highest priority', () => {
    const policy: PolicyInput = {
      version: 'rank',
      triggers: [
        { id: 'offer-it', when: { signal: 'low_confidence' }, action: 'offer', priority: 'urgent' },
        {
          id: 'hand-it',
          when: { signal: 'low_confidence' },
          action: 'handoff',
          priority: 'low',
          queue: 'q1',
        },
        {
          id: 'hand-it-high',
          when: { signal: 'low_confidence' },
          action: 'handoff',
          priority: 'high',
          queue: 'q2',
        },
      ],
    };
    const { decisions } = run(policy, [turn('agent', 'a', { confidence: 0.1 })]);
    expect(decisions[0]).toMatchObject({
      action: 'handoff',
      trigger: 'hand-it-high',
      priority: 'high',
      queue: 'q2',
    });
    expect(decisions[0]!.firings).toHaveLength(3);
  });

  it('customer attributes: tier labels and prior handoffs', () => {
    const policy: PolicyInput = {
      version: 'attr',
      triggers: [
        { id: 'vip', when: { signal: 'customer_attribute', labels: ['vip'] }, action: 'flag' },
        {
          id: 'again',
          when: { signal: 'customer_attribute', field: 'priorHandoffs', gte: 2 },
          action: 'offer',
        },
      ],
    };
    const { decisions } = run(policy, [
      turn('customer', 'hello', { customer: { tier: 'VIP', priorHandoffs: 2 } }),
      turn('customer', 'still there?'),
    ]);
    expect(decisions[0]!.firings.map((firing) => firing.trigger)).toEqual(['vip', 'again']);
    // Attributes given once are remembered for later turns.
    expect(decisions[1]!.firings.map((firing) => firing.trigger)).toContain('vip');
  });

  it('self-harm always escalates at top priority, even with a policy that says nothing about it', () => {
    const { decisions } = run(confidencePolicy(), [turn('customer', 'I want to kill myself')]);
    expect(decisions[0]).toMatchObject({ action: 'handoff', trigger: SELF_HARM_TRIGGER, priority: 'urgent' });
    // The customer hears where to get help now, not the policy's ordinary handoff line.
    expect(decisions[0]!.message).toMatch(/emergency number|crisis line/);
    const custom = run({ ...confidencePolicy(), messages: { crisis: 'Call 112 now.' } }, [
      turn('customer', 'I want to end my life'),
    ]);
    expect(custom.decisions[0]!.message).toBe('Call 112 now.');
  });

  it('keeps the serialised state small over a long conversation', () => {
    const turns: Turn[] = [];
    for (let index = 0; index < 200; index++) {
      turns.push(
        turn('customer', `question number ${index} about my order and the delivery date please`, {
          customer: { tier: 'gold', priorHandoffs: 1 },
        }),
      );
      turns.push(
        turn('agent', `answer ${index}: it ships on day ${index}`, {
          confidence: 0.4 + (index % 5) / 10,
          toolCalls: [{ name: 'lookup', ok: index % 3 !== 0 }],
        }),
      );
    }
    const { state } = run(defaultPolicy, turns);
    expect(JSON.stringify(state).length).toBeLessThanOrEqual(2048);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});

describe('offers', () => {
  const policy: PolicyInput = {
    version: 'offer',
    triggers: [
      {
        id: 'unsure',
        when: { signal: 'low_confidence' },
        action: 'offer',
        cooldown: 2,
        message: 'Want a person?',
      },
    ],
  };

  it('accepting the offer hands off with the offering trigger', () => {
    const { decisions, state } = run(policy, [
      turn('agent', 'not sure', { confidence: 0.2 }),
      turn('customer', 'yes please'),
    ]);
    expect(decisions[0]).toMatchObject({ action: 'offer', message: 'Want a person?' });
    expect(decisions[1]).toMatchObject({ action: 'handoff', trigger: 'unsure' });
    expect(decisions[1]!.firings[0]!.evidence[0]).toContain('accepted');
    expect(state.offer).toBeNull();
  });

  it('declining starts the cooldown: no new offer until it has passed', () => {
    const { decisions } = run(policy, [
      turn('agent', 'not sure', { confidence: 0.2 }),
      turn('customer', 'no thanks'),
      turn('agent', 'still not sure', { confidence: 0.2 }),
      turn('customer', 'what else?'),
      turn('agent', 'hmm', { confidence: 0.2 }),
      turn('customer', 'and?'),
      turn('agent', 'hmm hmm', { confidence: 0.2 }),
      turn('customer', 'and then?'),
      turn('agent', 'hmm hmm hmm', { confidence: 0.2 }),
    ]);
    // Declined on customer turn 1 with a cooldown of 2: quiet through customer turns 2 and 3.
    expect(decisions.map((decision) => decision.action)).toEqual([
      'offer',
      'continue',
      'continue',
      'continue',
      'continue',
      'continue',
      'continue',
      'continue',
      'offer',
    ]);
    expect(decisions[1]!.message).toMatch(/no problem/i);
  });

  it('an unrelated answer leaves the offer unanswered and keeps going', () => {
    const { decisions, state } = run(policy, [
      turn('agent', 'not sure', { confidence: 0.2 }),
      turn('customer', 'what are your opening hours?'),
    ]);
    expect(decisions[1]!.action).toBe('continue');
    expect(state.offer).toBeNull();
  });
});

describe('cooldowns are exact', () => {
  // A flag on every customer turn that names a refund: with cooldown N it fires, then stays quiet
  // for exactly N customer turns.
  it.each([1, 2, 3, 5])('cooldown %i: quiet for exactly that many customer turns', (cooldown) => {
    const policy: PolicyInput = {
      version: 'cooldown',
      triggers: [
        { id: 'refund-flag', when: { signal: 'high_stakes', labels: ['refund'] }, action: 'flag', cooldown },
      ],
    };
    const turns = Array.from({ length: 12 }, (_, index) => turn('customer', `I want a refund ${index}`));
    const { decisions } = run(policy, turns);
    const fired = decisions.flatMap((decision, index) => (decision.firings.length > 0 ? [index] : []));
    const expected = Array.from({ length: 12 }, (_, index) => index).filter(
      (index) => index % (cooldown + 1) === 0,
    );
    expect(fired).toEqual(expected);
  });
});

describe('offers are answered exactly', () => {
  const policy: PolicyInput = {
    version: 'offer-exact',
    messages: { offerDeclined: 'Fine, carrying on.' },
    triggers: [
      { id: 'unsure', when: { signal: 'low_confidence' }, action: 'offer', cooldown: 3 },
      { id: 'hedging', when: { signal: 'agent_uncertainty', gte: 0.5 }, action: 'offer', cooldown: 1 },
    ],
  };
  const offered = () => turn('agent', 'Let me check that for you.', { confidence: 0.2 });

  it.each<[string, Turn[], string]>([
    ['a yes right after the offer', [offered(), turn('customer', 'yes please')], 'handoff'],
    [
      'a yes that goes on to another topic',
      [offered(), turn('customer', 'ok, so about the refund…')],
      'continue',
    ],
    [
      "an answer to the agent's own question asked after the offer",
      [offered(), turn('agent', 'For how many people?'), turn('customer', 'sure, for four people')],
      'continue',
    ],
    [
      'a yes after the agent relays the offer',
      [offered(), turn('agent', 'Shall I connect you with a person?'), turn('customer', 'yes')],
      'handoff',
    ],
    [
      'a yes one customer turn too late',
      [offered(), turn('customer', 'what are your hours?'), turn('customer', 'yes')],
      'continue',
    ],
  ])('%s', (_name, turns, last) => {
    const { decisions } = run(policy, turns);
    expect(decisions.at(-1)!.action).toBe(last);
  });

  it("a no gives the customer the policy's offerDeclined message and silences every offer trigger", () => {
    const { decisions } = run(policy, [
      offered(),
      turn('customer', 'no thanks'),
      turn('agent', "I'm not sure about that."),
      turn('customer', 'ok'),
      turn('agent', "I'm not sure about that either.", { confidence: 0.2 }),
      turn('customer', 'hm'),
      turn('agent', "I'm still not sure.", { confidence: 0.2 }),
      turn('customer', 'right'),
      turn('agent', "I'm really not sure.", { confidence: 0.2 }),
      turn('customer', 'go on'),
      turn('agent', "I'm not sure at all.", { confidence: 0.2 }),
    ]);
    expect(decisions[1]).toMatchObject({ action: 'continue', message: 'Fine, carrying on.' });
    // The declined trigger's cooldown (3) keeps both offer triggers quiet through customer turn 4.
    expect(decisions.map((decision) => decision.action)).toEqual([
      'offer',
      'continue',
      'continue',
      'continue',
      'continue',
      'continue',
      'continue',
      'continue',
      'continue',
      'continue',
      'offer',
    ]);
  });
});

describe('failures count in a row', () => {
  const failed = (text = 'Looking that up.') =>
    turn('agent', text, { toolCalls: [{ name: 'lookup', ok: false, error: 'timeout' }] });
  const succeeded = () => turn('agent', 'Here it is.', { toolCalls: [{ name: 'lookup', ok: true }] });

  it.each<[string, Turn[], string[]]>([
    ['two failed turns in a row hand off', [failed(), failed()], ['continue', 'handoff']],
    [
      'a success in between resets the streak',
      [failed(), succeeded(), failed()],
      ['continue', 'continue', 'continue'],
    ],
    [
      'successful turns after three failures in all do not fire',
      [failed(), succeeded(), failed(), succeeded(), succeeded()],
      ['continue', 'continue', 'continue', 'continue', 'continue'],
    ],
    [
      'a failure after three failed turns in all hands off',
      [failed(), succeeded(), failed(), succeeded(), failed()],
      ['continue', 'continue', 'continue', 'continue', 'handoff'],
    ],
    [
      'a failed call retried well in the same turn is not a failure',
      [
        turn('agent', 'Found it.', {
          toolCalls: [
            { name: 'lookup', ok: false },
            { name: 'lookup', ok: true },
          ],
        }),
        failed(),
      ],
      ['continue', 'continue'],
    ],
    [
      '"nothing matches" answers are information, not failures',
      [
        turn('agent', "Sorry, I couldn't find any flights that match."),
        turn('agent', 'There are no tables left at 7 pm.'),
        turn('agent', 'Sorry, nothing matches those criteria.'),
      ],
      ['continue', 'continue', 'continue'],
    ],
    [
      'two tasks the agent could not do in a row hand off',
      [
        turn('agent', 'I was unable to book that time.'),
        turn('agent', 'Sorry, your reservation could not be made.'),
      ],
      ['continue', 'handoff'],
    ],
  ])('%s', (_name, turns, actions) => {
    const { decisions } = run(defaultPolicy, turns);
    expect(decisions.map((decision) => decision.action)).toEqual(actions);
  });
});

describe('a loop needs real repetition', () => {
  it.each<[string, Turn[], boolean]>([
    [
      'the agent says the same thing again',
      [
        turn('agent', 'Please restart the app and try logging in again.'),
        turn('customer', 'I did that already'),
        turn('agent', 'Please restart the app and try logging in again!'),
      ],
      true,
    ],
    [
      'the customer thanks the agent again',
      [
        turn('customer', 'Thank you so much for your help.'),
        turn('agent', 'Anything else?'),
        turn('customer', 'Thank you so much for your help.'),
        turn('agent', 'Bye.'),
        turn('customer', 'Thank you so much for your help!'),
      ],
      false,
    ],
    [
      'the customer confirms twice',
      [
        turn('customer', 'Yes. It is good for me.'),
        turn('agent', 'Booked. Anything else?'),
        turn('customer', 'Yes. It is good for me.'),
        turn('agent', 'Done.'),
        turn('customer', 'Yes, it is good for me.'),
      ],
      false,
    ],
    [
      'the customer says the same complaint a third time, even opening with ok',
      [
        turn('customer', "ok but my order still hasn't arrived"),
        turn('agent', 'It is on its way.'),
        turn('customer', "ok but my order still hasn't arrived"),
        turn('agent', 'It should arrive soon.'),
        turn('customer', "ok but my order still hasn't arrived!"),
      ],
      true,
    ],
    [
      'one repeat long ago does not keep firing on later turns',
      [
        turn('agent', 'Is there anything else I can do for you today?'),
        turn('agent', 'Is there anything else I can do for you today?'),
        turn('customer', 'a'),
        turn('customer', 'b'),
        turn('customer', 'c'),
        turn('customer', 'd'),
        turn('customer', 'e'),
        turn('agent', 'Your table for two is booked for Friday at seven.'),
      ],
      false,
    ],
  ])('%s', (_name, turns, loopOnLastTurn) => {
    const { decisions } = run(defaultPolicy, turns);
    expect(decisions.at(-1)!.trigger === 'conversation-loop').toBe(loopOnLastTurn);
  });
});
