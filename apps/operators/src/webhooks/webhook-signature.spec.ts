import { Webhook } from 'standardwebhooks';
import { newWebhookSecret, signPayload, webhookHeaders } from './webhook-signature';

describe('Standard Webhooks signature', () => {
  const body = JSON.stringify({ specversion: '1.0', id: 'e1', type: 'pin.directory.lieu.created.v1', data: { é: 'ü' } });

  it('matches the specification’s example', () => {
    // From the Standard Webhooks specification (symmetric signature example).
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const sig = signPayload(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}');
    expect(sig).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('is verified by the official standardwebhooks package, with either secret during a rotation', () => {
    const [oldSecret, newSecret] = [newWebhookSecret(), newWebhookSecret()];
    expect(newSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const headers = webhookHeaders([newSecret, oldSecret], 'd2b9', body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(oldSecret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(newSecret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(newSecret).verify(body.replace('e1', 'e2'), headers)).toThrow();
  });

  it('refuses a secret without the whsec_ prefix', () => {
    expect(() => signPayload('abc', 'id', 1, '')).toThrow(/whsec_/);
  });
});
