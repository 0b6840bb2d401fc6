/**
 * Webhook URLs are user input: unless an administrator allows private addresses, refuse loopback,
 * link-local, private and other special-purpose ranges, for IP literals and for every address a
 * host name resolves to. The same check runs again at connect time (`guardedLookup`), so a name
 * that later resolves elsewhere (DNS rebinding) is refused too; redirects are never followed.
 */
import dns from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** IANA special-purpose IPv4 blocks that must not be reached from a webhook. */
const BLOCKED_IPV4: [string, number][] = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata lives at 169.254.169.254)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and the broadcast address
];

/**
 * The IPv6 equivalents, and the ranges that embed an IPv4 address (which could be a private one).
 * IPv4-mapped addresses (`::ffff:a.b.c.d`) need no entry: `BlockList` checks them against the IPv4
 * rules (and an IPv6 rule on `::ffff:0:0/96` would match every IPv4 address).
 */
const BLOCKED_IPV6: [string, number][] = [
  ['::', 96], // unspecified, loopback, IPv4-compatible
  ['64:ff9b::', 96], // NAT64
  ['64:ff9b:1::', 48], // local NAT64
  ['100::', 64], // discard
  ['2001::', 23], // IETF protocol assignments (Teredo among them)
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
];

const blocked = new BlockList();
for (const [network, prefix] of BLOCKED_IPV4) blocked.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of BLOCKED_IPV6) blocked.addSubnet(network, prefix, 'ipv6');

/** True for an address a webhook must not reach without the administrator's switch (and for non-addresses). */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, ''); // brackets and an IPv6 zone
  const family = isIP(bare);
  if (family === 0) return true;
  return blocked.check(bare, family === 6 ? 'ipv6' : 'ipv4');
}

/** Resolves a host name to every address it has (injectable, so tests need no DNS). */
export type ResolveHost = (hostname: string) => Promise<string[]>;

export const resolveWithDns: ResolveHost = async (hostname) =>
  (await dns.promises.lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

export type UrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

/** Checks a webhook URL for use: http(s), no credentials, and (unless allowed) no private address. */
export async function checkWebhookUrl(
  raw: string,
  options: { allowPrivate: boolean; resolve: ResolveHost },
): Promise<UrlCheck> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'it is not a URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: `only http and https are allowed, not ${url.protocol.slice(0, -1)}` };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, reason: 'credentials in the URL are not allowed; the signature authenticates Baton' };
  }
  if (options.allowPrivate) return { ok: true, url };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0) {
    return isPrivateAddress(host)
      ? { ok: false, reason: `${host} is a loopback, link-local or private address` }
      : { ok: true, url };
  }
  let addresses: string[];
  try {
    addresses = await options.resolve(host);
  } catch {
    return { ok: false, reason: `${host} does not resolve` };
  }
  if (addresses.length === 0) return { ok: false, reason: `${host} does not resolve` };
  const refused = addresses.find(isPrivateAddress);
  if (refused !== undefined) {
    return { ok: false, reason: `${host} resolves to ${refused}, a loopback, link-local or private address` };
  }
  return { ok: true, url };
}

/** The error a connection gets when its host resolves to a refused address. */
export class RefusedAddressError extends Error {
  override name = 'RefusedAddressError';
  readonly code = 'EWEBHOOKADDRESS';
}

/**
 * A `lookup` for `http.request` that refuses private addresses at connect time, so a host name
 * checked at subscription time cannot be pointed at an internal address later.
 */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, options, (error, address, family) => {
    if (error) {
      callback(error, address, family);
      return;
    }
    const addresses = Array.isArray(address) ? address.map((entry) => entry.address) : [address];
    const refused = addresses.find(isPrivateAddress);
    if (refused !== undefined) {
      callback(
        new RefusedAddressError(
          `${hostname} resolves to ${refused}, a loopback, link-local or private address`,
        ),
        address,
        family,
      );
      return;
    }
    callback(null, address, family);
  });
};
