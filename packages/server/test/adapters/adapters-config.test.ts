/**
 * The Bot Framework settings read from the environment: the Connector's authentication needs the
 * app id and the agent key together, and the bot's endpoint; the OpenID URL defaults to Microsoft's.
 */
import { describe, expect, it } from 'vitest';
import { readAdaptersConfig } from '../../src/adapters/create-adapters.ts';
import { BOT_FRAMEWORK_OPENID_URL } from '../../src/adapters/bot-framework-auth.ts';

const BOT_URL = 'https://bot.example/api/messages';

describe('Bot Framework settings', () => {
  it('turns the Connector authentication on with the app id and the agent key', () => {
    const config = readAdaptersConfig({
      BATON_BOTFRAMEWORK_BOT_URL: BOT_URL,
      BATON_BOTFRAMEWORK_APP_ID: 'app-1',
      BATON_BOTFRAMEWORK_AGENT_KEY: 'bk_agent',
    });
    expect(config.botFramework).toEqual({
      botUrl: BOT_URL,
      connector: { appId: 'app-1', agentKey: 'bk_agent', openIdUrl: BOT_FRAMEWORK_OPENID_URL },
    });
  });

  it('takes another OpenID URL, and leaves the Connector off without an app id', () => {
    const config = readAdaptersConfig({
      BATON_BOTFRAMEWORK_BOT_URL: BOT_URL,
      BATON_BOTFRAMEWORK_APP_ID: 'app-1',
      BATON_BOTFRAMEWORK_AGENT_KEY: 'bk_agent',
      BATON_BOTFRAMEWORK_OPENID_URL: 'http://127.0.0.1:9/openid',
    });
    expect(config.botFramework?.connector?.openIdUrl).toBe('http://127.0.0.1:9/openid');
    expect(readAdaptersConfig({ BATON_BOTFRAMEWORK_BOT_URL: BOT_URL }).botFramework).toEqual({
      botUrl: BOT_URL,
    });
  });

  it('names what is missing from a partial set', () => {
    expect(() =>
      readAdaptersConfig({ BATON_BOTFRAMEWORK_BOT_URL: BOT_URL, BATON_BOTFRAMEWORK_APP_ID: 'app-1' }),
    ).toThrow('BATON_BOTFRAMEWORK_AGENT_KEY');
    expect(() =>
      readAdaptersConfig({ BATON_BOTFRAMEWORK_APP_ID: 'app-1', BATON_BOTFRAMEWORK_AGENT_KEY: 'bk_agent' }),
    ).toThrow('BATON_BOTFRAMEWORK_BOT_URL');
    expect(() =>
      readAdaptersConfig({
        BATON_BOTFRAMEWORK_BOT_URL: BOT_URL,
        BATON_BOTFRAMEWORK_APP_ID: 'app-1',
        BATON_BOTFRAMEWORK_AGENT_KEY: 'bk_agent',
        BATON_BOTFRAMEWORK_OPENID_URL: 'not a url',
      }),
    ).toThrow('BATON_BOTFRAMEWORK_OPENID_URL');
  });
});
