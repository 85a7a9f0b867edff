import { describe, expect, it } from 'vitest';
import { addressRefusal, classifyAddress, type AddressClass } from './classify-address.js';

const cases: Record<Exclude<AddressClass, 'public'>, string[]> = {
  loopback: ['127.0.0.1', '127.255.255.254', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::127.0.0.1', '64:ff9b::127.0.0.1', '2002:7f00:0001::', '::ffff:0:127.0.0.1'],
  private: ['10.0.0.1', '10.255.255.255', '172.16.0.1', '172.31.255.255', '192.168.1.1', 'fc00::1', 'fd12:3456::1', 'fec0::1', '64:ff9b:1::a00:1', '::ffff:10.0.0.1', '::ffff:192.168.0.1'],
  'link-local': ['169.254.0.1', '169.254.255.255', 'fe80::1', 'fe80::1%eth0', 'febf::1', '::ffff:169.254.1.1'],
  metadata: ['169.254.169.254', '169.254.170.2', '100.100.100.200', 'fd00:ec2::254', '::ffff:169.254.169.254', '[fd00:ec2::254]'],
  unspecified: ['0.0.0.0', '0.1.2.3', '::', '::ffff:0.0.0.0'],
  'carrier-grade-nat': ['100.64.0.1', '100.127.255.255'],
  multicast: ['224.0.0.1', '239.255.255.255', 'ff02::1', 'ff05::2'],
  reserved: ['192.0.0.8', '192.0.2.1', '198.51.100.7', '203.0.113.9', '198.18.0.1', '198.19.255.255', '192.88.99.1', '240.0.0.1', '255.255.255.255', '2001:db8::1', '2001::1', '2001:10::1', '100::1', '3fff::1', '5f00::1'],
};

describe('classifyAddress', () => {
  for (const [kind, addresses] of Object.entries(cases)) {
    it(`${kind}: ${addresses.join(', ')}`, () => {
      for (const address of addresses) expect(classifyAddress(address), address).toBe(kind);
    });
  }

  it('public addresses, near the edges of the special ranges too', () => {
    const publicOnes = ['8.8.8.8', '1.1.1.1', '9.255.255.255', '11.0.0.0', '100.63.255.255', '100.128.0.0', '172.15.255.255', '172.32.0.0', '192.167.255.255', '192.169.0.0', '169.253.255.255', '223.255.255.255', '2606:4700::1111', '2a00:1450:4001::200e', '2001:4860:4860::8888', '64:ff9b::8.8.8.8', '::ffff:8.8.8.8', '2002:0808:0808::1', 'fbff::1', 'fe7f::1'];
    for (const address of publicOnes) expect(classifyAddress(address), address).toBe('public');
  });

  it('is undefined for anything that is not an IP literal (names, non-canonical IPv4 forms, broken IPv6)', () => {
    for (const text of ['localhost', 'api.groq.com', '', '1.2.3', '1.2.3.4.5', '256.1.1.1', '01.2.3.4', '0x7f.0.0.1', '2130706433', '1::2::3', '1:2:3:4:5:6:7:8:9', 'gggg::1', ':::', '1:2:3:4:5:6:7']) {
      expect(classifyAddress(text), text).toBeUndefined();
    }
  });
});

describe('addressRefusal', () => {
  it('passes a public address; refuses others (403) naming the host, the address, its class and the setting', () => {
    expect(addressRefusal('api.example.com', '8.8.8.8')).toBeUndefined();
    const refusal = addressRefusal('metadata.internal', '169.254.169.254');
    expect(refusal?.status).toBe(403);
    expect(refusal?.retryable).toBe(false);
    expect(refusal?.message).toBe(
      'URL routing refused to connect to metadata.internal, which resolves to 169.254.169.254: a cloud metadata address. Set urlRouting.allowPrivateAddresses: true in the configuration file (URL_ROUTING_ALLOW_PRIVATE=1 in environment mode) to allow such addresses.',
    );
  });

  it('refuses what it cannot read: an address not known to be public is not reached', () => {
    expect(addressRefusal('h', 'not-an-address')?.status).toBe(403);
  });
});
