import { DEFAULT_SESSION } from '@rooney/core';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../config/load-config.ts';
import { contractSessionOf, sessionOf } from './market-data.ts';
import { contractsFor } from './run-backtest-job.ts';

describe('sessions from the config', () => {
  it('defaults to CME Globex: 17:00 America/Chicago, whatever the time zone of file timestamps', () => {
    expect(sessionOf(validateConfig({}))).toEqual({ startMinutes: 17 * 60, timeZone: 'America/Chicago' });
    expect(sessionOf(validateConfig({ data: { timezone: 'UTC' } }))).toEqual(DEFAULT_SESSION);
  });

  it('takes session_start in session_timezone; a config with session_start alone keeps its start in `timezone`', () => {
    expect(sessionOf(validateConfig({ data: { session_start: '18:00', session_timezone: 'America/New_York' } }))).toEqual({
      startMinutes: 18 * 60,
      timeZone: 'America/New_York',
    });
    expect(sessionOf(validateConfig({ data: { session_timezone: 'Europe/Berlin' } }))).toEqual({ startMinutes: 17 * 60, timeZone: 'Europe/Berlin' });
    // Older configs: `session_start: "23:00", timezone: UTC` meant 23:00 UTC and still does.
    expect(sessionOf(validateConfig({ data: { session_start: '23:00', timezone: 'UTC' } }))).toEqual({ startMinutes: 23 * 60, timeZone: 'UTC' });
  });

  it('gives a contract its own session where its exchange day differs', () => {
    const config = validateConfig({
      contracts: {
        FDAX: { session_start: '22:00', time_zone: 'Europe/Berlin' },
        TLT: { session_start: '20:00', session_timezone: 'America/New_York' },
      },
    });
    expect(contractSessionOf(config, 'FDAX')).toEqual({ startMinutes: 22 * 60, timeZone: 'Europe/Berlin' });
    expect(contractSessionOf(config, 'TLT')).toEqual({ startMinutes: 20 * 60, timeZone: 'America/New_York' });
    expect(contractSessionOf(config, 'ES')).toEqual(DEFAULT_SESSION);
    const specs = contractsFor(config, ['FDAX', 'ES']);
    expect(specs.FDAX.session).toEqual({ startMinutes: 22 * 60, timeZone: 'Europe/Berlin' });
    expect(specs.ES.session).toBeUndefined(); // the run's session
  });

  it('names the key of a time zone that does not exist', () => {
    expect(() => sessionOf(validateConfig({ data: { session_timezone: 'Chicago' } }))).toThrow(
      'data.session_timezone: "Chicago" is not an IANA time zone',
    );
    expect(() => contractSessionOf(validateConfig({ contracts: { CL: { session_timezone: 'Mars/Base' } } }), 'CL')).toThrow(
      'contracts.CL.session_timezone',
    );
  });
});
