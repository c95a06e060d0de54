// client.js outside the browser: the offer clean-up that keeps mDNS names off the wire.
// (Everything else in the client runs in the page tests against the real server.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withoutMdnsCandidates } from '../../src/main/resources/web/client.js';

// An offer as Chromium 156 writes it for a page without camera permission (trimmed to the
// lines that matter): host candidates hidden behind mDNS names, plus one real address added.
const offer = [
  'v=0',
  'o=- 3579562798128918312 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'm=video 9 UDP/TLS/RTP/SAVPF 96',
  'c=IN IP4 0.0.0.0',
  'a=rtcp:9 IN IP4 0.0.0.0',
  'a=candidate:1619442049 1 udp 2113937151 048ace77-4629-415b-840e-8d66e8f0ddba.local 36972 typ host generation 0 network-cost 999',
  'a=candidate:1744098609 1 udp 2113942271 42de17b3-b069-47db-8ae0-feaadf097532.local 59675 typ host generation 0 network-cost 999',
  'a=candidate:3489543416 1 udp 2122260223 127.0.0.1 46352 typ host generation 0 network-id 1 network-cost 50',
  'a=ice-ufrag:nhGE',
  'a=ice-pwd:25aP4yjYqrDSscS7IVArxuBJ',
  'a=mid:0',
  'a=sendonly',
  'a=rtpmap:96 VP8/90000',
  '',
].join('\r\n');

test('mDNS host candidates are dropped, real addresses and everything else kept', () => {
  const cleaned = withoutMdnsCandidates(offer);
  assert.doesNotMatch(cleaned, /\.local/);
  const candidates = cleaned.split('\r\n').filter((line) => line.startsWith('a=candidate:'));
  assert.deepEqual(candidates, ['a=candidate:3489543416 1 udp 2122260223 127.0.0.1 46352 typ host generation 0 network-id 1 network-cost 50']);
  assert.equal(cleaned.split('\r\n').length, offer.split('\r\n').length - 2);
  assert.ok(cleaned.endsWith('\r\n'), 'the SDP still ends with CRLF');
});

test('a default address given as an mDNS name becomes 0.0.0.0', () => {
  const cleaned = withoutMdnsCandidates(offer.replace('c=IN IP4 0.0.0.0', 'c=IN IP4 048ace77-4629-415b-840e-8d66e8f0ddba.local'));
  assert.match(cleaned, /\r\nc=IN IP4 0\.0\.0\.0\r\n/);
});
