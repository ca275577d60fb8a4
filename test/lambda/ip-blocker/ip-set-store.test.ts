import { GetIPSetCommand, UpdateIPSetCommand, WAFOptimisticLockException, WAFInvalidParameterException } from '@aws-sdk/client-wafv2';
import { IpSetRef } from '../../../lambda/ip-blocker/config';
import {
  IpSetLimitError,
  IpSetMismatchError,
  IpSetStore,
  IpSetUpdateError,
  backoffDelay,
  isRetryable,
} from '../../../lambda/ip-blocker/ip-set-store';

const set: IpSetRef = { arn: 'arn', name: 'blocked-v4', id: 'abc', scope: 'REGIONAL', region: 'ap-northeast-1', version: 4 };
const retry = { maxAttempts: 5, baseDelayMs: 50, maxDelayMs: 1000 };
const lockError = () => new WAFOptimisticLockException({ message: 'stale token', $metadata: {} });
const named = (name: string, status?: number) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });

/** A fake WAF: a list with a LockToken, failing the next UpdateIPSet calls with the given errors. */
function fakeWaf(failures: Error[] = [], version = 'IPV4') {
  const state = { addresses: ['1.1.1.1/32'], token: 't0', updates: 0, gets: 0 };
  const client = {
    send: jest.fn(async (command: unknown) => {
      if (command instanceof GetIPSetCommand) {
        state.gets++;
        return { IPSet: { IPAddressVersion: version, Addresses: [...state.addresses] }, LockToken: state.token };
      }
      if (command instanceof UpdateIPSetCommand) {
        state.updates++;
        const failure = failures.shift();
        if (failure) throw failure;
        if (command.input.LockToken !== state.token) throw lockError();
        state.addresses = command.input.Addresses ?? [];
        state.token = `t${state.updates}`;
        return { NextLockToken: state.token };
      }
      throw new Error('unexpected command');
    }),
  };
  return { client, state };
}

const addOne = (address: string) => async (current: string[]) => ({ next: [...current, address] });

function store(client: { send: jest.Mock }, overrides: Partial<ConstructorParameters<typeof IpSetStore>[1]> = {}) {
  const delays: number[] = [];
  const s = new IpSetStore(client as never, {
    retry,
    limit: 10_000,
    guard: () => undefined,
    sleep: async (ms) => {
      delays.push(ms);
    },
    random: () => 0.999,
    ...overrides,
  });
  return { s, delays };
}

describe('IpSetStore', () => {
  test('one read and one UpdateIPSet with the LockToken when nobody interferes', async () => {
    const { client, state } = fakeWaf();
    const outcome = await store(client).s.update(set, addOne('2.2.2.2/32'));
    expect(state.addresses).toEqual(['1.1.1.1/32', '2.2.2.2/32']);
    expect(outcome).toMatchObject({ size: 2, updateCalls: 1, retries: 0 });
    const update = client.send.mock.calls.map(([c]) => c).find((c) => c instanceof UpdateIPSetCommand) as UpdateIPSetCommand;
    expect(update.input).toMatchObject({ Name: 'blocked-v4', Id: 'abc', Scope: 'REGIONAL', LockToken: 't0' });
  });

  test('lock conflicts and throttling are retried from a fresh read, with growing jittered delays', async () => {
    const { client, state } = fakeWaf([lockError(), named('WAFLimitsExceededException'), named('ThrottlingException', 400), named('TooManyRequestsException', 429)]);
    const planner = jest.fn(addOne('2.2.2.2/32'));
    const { s, delays } = store(client);
    const outcome = await s.update(set, planner);
    expect(outcome).toMatchObject({ updateCalls: 5, retries: 4 });
    expect(planner).toHaveBeenCalledTimes(5);
    expect(state.gets).toBe(5);
    expect(state.addresses).toEqual(['1.1.1.1/32', '2.2.2.2/32']);
    expect(delays).toEqual([49, 99, 199, 399]);
  });

  test('a final failure is thrown, never swallowed, after the bounded attempts', async () => {
    const { client, state } = fakeWaf(Array.from({ length: 10 }, lockError));
    const error = await store(client).s.update(set, addOne('2.2.2.2/32')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IpSetUpdateError);
    expect((error as IpSetUpdateError).attempts).toBe(5);
    expect((error as Error).message).toMatch(/WAFOptimisticLockException/);
    expect(state.updates).toBe(5);
    expect(state.addresses).toEqual(['1.1.1.1/32']);
  });

  test('with one attempt allowed a lock conflict fails at once', async () => {
    const { client, state } = fakeWaf([lockError()]);
    await expect(store(client, { retry: { ...retry, maxAttempts: 1 } }).s.update(set, addOne('x'))).rejects.toBeInstanceOf(IpSetUpdateError);
    expect(state.updates).toBe(1);
  });

  test('errors that retrying cannot fix are thrown at once', async () => {
    const { client, state } = fakeWaf([new WAFInvalidParameterException({ message: 'bad address', $metadata: {} } as never)]);
    await expect(store(client).s.update(set, addOne('x'))).rejects.toBeInstanceOf(IpSetUpdateError);
    expect(state.updates).toBe(1);
  });

  test('nothing to write: no UpdateIPSet call', async () => {
    const { client, state } = fakeWaf();
    const outcome = await store(client).s.update(set, async () => undefined);
    expect(outcome).toEqual({ size: 1, updateCalls: 0, retries: 0 });
    expect(state.updates).toBe(0);
  });

  test('a plan over the limit or refused by the guard is never sent', async () => {
    const { client, state } = fakeWaf();
    await expect(store(client, { limit: 1 }).s.update(set, addOne('2.2.2.2/32'))).rejects.toBeInstanceOf(IpSetLimitError);
    const guard = () => {
      throw new Error('forbidden');
    };
    await expect(store(client, { guard }).s.update(set, addOne('10.0.0.1/32'))).rejects.toThrow('forbidden');
    expect(state.updates).toBe(0);
  });

  test('a set of the wrong IP version is refused before planning', async () => {
    const { client } = fakeWaf([], 'IPV6');
    const planner = jest.fn(addOne('x'));
    await expect(store(client).s.update(set, planner)).rejects.toBeInstanceOf(IpSetMismatchError);
    expect(planner).not.toHaveBeenCalled();
  });

  test('planner errors propagate as they are, without retry', async () => {
    const { client } = fakeWaf();
    const planner = jest.fn(async () => {
      throw named('ResourceNotFoundException', 400);
    });
    await expect(store(client).s.update(set, planner)).rejects.toThrow('ResourceNotFoundException');
    expect(planner).toHaveBeenCalledTimes(1);
  });

  test('backoff: full jitter under a doubling, capped ceiling', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map((n) => backoffDelay(n, retry, () => 0.5))).toEqual([25, 50, 100, 200, 400, 500, 500]);
    expect(backoffDelay(3, retry, () => 0)).toBe(0);
  });

  test('retryable classification', () => {
    expect(isRetryable(lockError())).toBe(true);
    expect(isRetryable(named('WAFInternalErrorException', 500))).toBe(true);
    expect(isRetryable(named('SomethingElse', 503))).toBe(true);
    expect(isRetryable(named('WAFInvalidParameterException', 400))).toBe(false);
    expect(isRetryable(named('WAFNonexistentItemException', 400))).toBe(false);
    expect(isRetryable('string')).toBe(false);
  });
});
