import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { DEMO_STRUCTURES, type UserContext } from '@pin/contracts';
import { MemberRecorder } from './member-recorder';
import type { MemberRepository } from './member.repository';

const aidant: UserContext = { sub: 's-1', username: 'aidant', name: 'Alex Aidant', roles: ['aidant'], structures: [DEMO_STRUCTURES.montDeMarsan] };

function recorderWith(upsert: jest.Mock) {
  return new MemberRecorder({ manager: {} } as DataSource, { upsert } as unknown as MemberRepository);
}

describe('MemberRecorder', () => {
  beforeAll(() => jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined));

  it('writes a member once for concurrent calls, then not again within the hour', async () => {
    let release!: () => void;
    const upsert = jest.fn(() => new Promise<void>((resolve) => (release = resolve)));
    const recorder = recorderWith(upsert);
    const first = recorder.record(aidant);
    const second = recorder.record(aidant);
    release();
    await Promise.all([first, second]);
    await recorder.record(aidant);
    expect(upsert).toHaveBeenCalledTimes(1);
  });

  it('never fails the caller when the write fails, and retries on the next call', async () => {
    const upsert = jest.fn().mockRejectedValueOnce(new Error('database down')).mockResolvedValue(undefined);
    const recorder = recorderWith(upsert);
    await expect(recorder.record(aidant)).resolves.toBeUndefined();
    await recorder.record(aidant);
    expect(upsert).toHaveBeenCalledTimes(2);
  });

  it('writes nothing for callers who are not members of a structure', async () => {
    const upsert = jest.fn();
    await recorderWith(upsert).record({ ...aidant, roles: ['animateur'], structures: [] });
    await recorderWith(upsert).record(undefined);
    expect(upsert).not.toHaveBeenCalled();
  });
});
