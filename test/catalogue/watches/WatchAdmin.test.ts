import { MemoryOutbox } from '../../../src/catalogue/watches/MemoryOutbox';
import { MemoryWatchStore } from '../../../src/catalogue/watches/MemoryWatchStore';
import { WatchAdmin } from '../../../src/catalogue/watches/WatchAdmin';

describe('WatchAdmin.create()', () => {
  const watches = new MemoryWatchStore();
  const admin = new WatchAdmin({
    watches,
    outbox: new MemoryOutbox(),
    // No name resolves: every URL below is an IP literal, checked as written.
    policy: { resolveHost: () => Promise.reject(new Error('no DNS in this test')), allowedHosts: new Set() },
    adminToken: 'token',
    now: () => 0,
  });

  // The URL parser rewrites each of these (e.g. `[::ffff:0:7f00:1]`); each must still be judged by its IPv4 address.
  it.each([
    'http://[::ffff:0:127.0.0.1]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://[::127.0.0.1]/hook',
    'http://[64:ff9b::127.0.0.1]/hook',
    'http://[::ffff:0:169.254.169.254]/latest/meta-data',
    'http://[64:ff9b::a9fe:a9fe]/latest/meta-data',
    'https://[::ffff:0:10.0.0.7]:8443/hook',
  ])('refuses %s with BAD_USER_INPUT on url, and stores no watch', async (url) => {
    await expect(admin.create({}, url)).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argumentName: 'url' } });
    expect(await watches.list()).toEqual([]);
  });

  it('accepts the same forms of a public address', async () => {
    const created = await admin.create({}, 'https://[::ffff:0:93.184.216.34]/hook');
    expect(created.watch.url).toBe('https://[::ffff:0:93.184.216.34]/hook');
  });
});
